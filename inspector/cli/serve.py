"""``serve``: the app in a web browser, through textual-serve.

textual-serve runs one copy of ``recording-inspector app PATH…`` per browser tab
(a shell command, so every argument is quoted) and streams its screen over a
websocket.  The app can edit and delete files, so the default is loopback only.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import socket
import sys
from pathlib import Path

from inspector.cli.errors import CliError
from inspector.cli.paths import default_paths, discover_or_fail, display_path
from inspector.cli.rules import add_rules_option

NAME = "serve"
HELP = "serve the app in a web browser (needs the [serve] extra: textual-serve)"

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
INSTALL_HINT = "serve needs textual-serve: pip install 'recording-inspector[serve]'"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="folders and/or recording files (default: ./tests/integration or the shipped samples)")
    p.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST}, this machine only)")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port to listen on (default: {DEFAULT_PORT})")
    p.add_argument("--public-url", metavar="URL", help="the URL browsers reach the server by, when behind a proxy or on another address")
    add_rules_option(p, "whose names count as ok in the app")
    p.add_argument("--debug", action="store_true", help="textual-serve debug mode (verbose log, Textual devtools)")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 1-65535, not {port}")
    return port


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _is_unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def check_address(host: str, port: int) -> None:
    """Fail with one line now, rather than after textual-serve's banner, when we cannot listen."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise CliError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does
        try:
            sock.bind(address)
        except OSError as exc:
            raise CliError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def app_command(paths: list[str], rules: str = "newest") -> str:
    """The shell command textual-serve runs for each browser session.

    The same interpreter as this process, absolute paths (the server's working
    directory is not the user's concern), every word quoted for ``/bin/sh``.
    """
    words = [sys.executable, "-m", "inspector", "app"]
    if rules != "newest":
        words += ["--rules", rules]
    words += ["--", *(str(Path(p).expanduser().absolute()) for p in paths)]
    return shlex.join(words)


def run(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        raise CliError(INSTALL_HINT) from None
    paths = args.paths or [str(p) for p in default_paths()]
    found = discover_or_fail(paths)
    if not found.files:
        raise CliError(f"no recordings found in {', '.join(display_path(p) for p in paths)}")
    check_address(args.host, args.port)
    if not is_loopback(args.host):
        hint = ""
        if _is_unspecified(args.host) and not args.public_url:
            hint = f"; pass --public-url http://<this machine>:{args.port} so other browsers can connect"
        print(
            f"recording-inspector: warning: listening on {args.host}: anyone who can reach this port "
            f"can browse and edit these recordings{hint}",
            file=sys.stderr,
        )
    shown = ", ".join(display_path(p) for p in paths)
    server = Server(
        app_command(paths, args.rules),
        host=args.host,
        port=args.port,
        title=f"recording-inspector: {shown}",
        public_url=args.public_url,
    )
    try:
        server.serve(debug=args.debug)
    except OSError as exc:  # the port is taken, or the address is not ours
        raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    return 0
