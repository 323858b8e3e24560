"""Route events to handlers by (event, action): ordered, and one failing handler does not stop the rest."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.events import Event

log = logging.getLogger(__name__)

Handler = Callable[..., None]


class HandlerFailed(Exception):
    """One or more handlers raised; the first error is chained, the job may be retried."""


class Router:
    """``@router.register("pull_request", "opened", "synchronize")`` then ``router.dispatch(event, gh, documents)``:
    a handler takes the event, the GitHub gateway and the worker's document cache (``rules.parse.DocumentCache``)."""

    def __init__(self, *routers: Router) -> None:
        self._routes: list[tuple[str, frozenset[str] | None, Handler]] = []
        for router in routers:
            self._routes.extend(router._routes)

    def register(self, event: str, *actions: str) -> Callable[[Handler], Handler]:
        def decorate(handler: Handler) -> Handler:
            self._routes.append((event, frozenset(actions) or None, handler))
            return handler

        return decorate

    def handlers_for(self, event: Event) -> list[Handler]:
        """The handlers of ``event``: none for an event a bot sent (this app's own included), so no
        handler has to ask; the one place bots are dropped."""
        if event.from_bot:
            return []
        return [
            handler
            for name, actions, handler in self._routes
            if name == event.name and (actions is None or event.action in actions)
        ]

    def dispatch(self, event: Event, *args: Any, **kwargs: Any) -> int:
        """Run every matching handler in registration order; return how many ran.

        A handler's exception is logged with the delivery id and the others still run; then
        HandlerFailed is raised so the caller can retry or report the job.
        """
        errors: list[BaseException] = []
        handlers = self.handlers_for(event)
        for handler in handlers:
            try:
                handler(event, *args, **kwargs)
            except Exception as error:
                log.exception("handler %s failed for delivery %s", handler.__name__, event.delivery_id)
                errors.append(error)
        if errors:
            raise HandlerFailed(f"{len(errors)} handler(s) failed for delivery {event.delivery_id}") from errors[0]
        return len(handlers)
