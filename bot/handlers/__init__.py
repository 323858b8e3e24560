"""Every event handler, one router per feature, merged in the order they run."""

from bot.handlers import add_paper, pull_requests
from bot.router import Router

ROUTER = Router(pull_requests.router, add_paper.router)
