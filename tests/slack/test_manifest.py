"""The app manifests (Socket Mode, HTTP) ask for what the code uses, and no more."""

from __future__ import annotations

import copy

import yaml

from bot.adapters.slack.listeners import COMMAND
from bot.adapters.slack.server import EVENTS_PATH
from tests.conftest import REPO

MANIFEST = yaml.safe_load((REPO / "slack-manifest.yml").read_text())
HTTP_MANIFEST = yaml.safe_load((REPO / "slack-manifest.http.yml").read_text())


def test_the_manifest_subscribes_to_the_events_and_command_the_app_listens_to():
    assert sorted(MANIFEST["settings"]["event_subscriptions"]["bot_events"]) == ["app_mention", "message.im"]
    assert [c["command"] for c in MANIFEST["features"]["slash_commands"]] == [COMMAND]
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True  # the buttons
    assert MANIFEST["settings"]["socket_mode_enabled"] is True
    assert MANIFEST["features"]["app_home"]["messages_tab_enabled"] is True  # people can DM it


def test_the_manifest_asks_for_exactly_the_scopes_of_the_web_api_methods_and_events_used():
    needed = {
        "app_mentions:read",  # app_mention
        "chat:write",  # chat.postMessage, chat.update, chat.postEphemeral
        "commands",  # /newsbot
        "reactions:write",  # reactions.add, reactions.remove
        "im:history",  # message.im, conversations.history / replies in DMs
        "channels:history", "groups:history", "mpim:history",  # conversations.replies in threads
    }
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == needed


def test_the_http_manifest_is_the_socket_mode_one_with_request_urls_at_the_events_endpoint():
    http, socket_mode = copy.deepcopy(HTTP_MANIFEST), copy.deepcopy(MANIFEST)
    urls = [http["settings"]["event_subscriptions"].pop("request_url"),
            http["settings"]["interactivity"].pop("request_url"),
            http["features"]["slash_commands"][0].pop("url")]
    assert set(urls) == {f"https://YOUR-HOST{EVENTS_PATH}"}  # one endpoint serves all three
    assert http["settings"].pop("socket_mode_enabled") is False
    socket_mode["settings"].pop("socket_mode_enabled")
    assert http == socket_mode  # the same scopes, events, command and buttons
