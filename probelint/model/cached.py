"""`cached_property` without a lock: computed on first access and kept in the instance's dict.

functools.cached_property takes a lock on every first access before Python 3.12, and the model reads
thousands of workload and container properties once each. The model is built and read in one thread.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

_T = TypeVar("_T")

if sys.version_info >= (3, 12):  # pragma: no cover - the lock is gone there
    from functools import cached_property
else:

    class cached_property(Generic[_T]):
        def __init__(self, compute: Callable[[Any], _T]) -> None:
            self.compute = compute
            self.name = compute.__name__
            self.__doc__ = compute.__doc__

        def __set_name__(self, owner: type[Any], name: str) -> None:
            self.name = name

        @overload
        def __get__(self, instance: None, owner: type[Any] | None = None) -> cached_property[_T]: ...

        @overload
        def __get__(self, instance: object, owner: type[Any] | None = None) -> _T: ...

        def __get__(self, instance: object | None, owner: type[Any] | None = None) -> _T | cached_property[_T]:
            if instance is None:
                return self
            value = instance.__dict__[self.name] = self.compute(instance)
            return value


__all__ = ["cached_property"]
