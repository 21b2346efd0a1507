#!/usr/bin/env python3
"""Static server for www/ on 127.0.0.1 with correct types for .wasm and ES modules.

Usage: serve.py [PORT]   (PORT env var or 8080 by default; 0 picks a free port).
Prints "Serving dikduk at http://127.0.0.1:PORT/" once it listens.

/sw-version.js (the build id and file list of the page's service worker, www/sw.js) is computed
from the files as they are now (scripts/sw_version.py), whatever www/sw-version.js says, so a
rebuilt module or an edited file is a new build: it installs in the background and runs from the
next visit. To skip the service worker while developing, open the page with ?nosw.
"""
import functools
import http.server
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sw_version  # noqa: E402

# DIKDUK_WWW serves another copy of www/ (the end-to-end tests serve a second build this way).
ROOT = os.environ.get("DIKDUK_WWW") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "www")


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".html": "text/html; charset=utf-8",
        ".json": "application/json",
        ".webmanifest": "application/manifest+json",
    }

    _sw = (None, b"")

    def do_GET(self):  # noqa: N802
        if self.path.split("?")[0] == "/sw-version.js":
            body = self.sw_version()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    @classmethod
    def sw_version(cls):
        """The generated sw-version.js, recomputed when a file changes (size or mtime)."""
        files = sw_version.cached_files(ROOT) + ["sw.js"]
        stamp = []
        for rel in files:
            try:
                st = os.stat(os.path.join(ROOT, rel))
                stamp.append((rel, st.st_size, st.st_mtime_ns))
            except OSError:
                pass
        if cls._sw[0] != stamp:
            cls._sw = (stamp, sw_version.render(ROOT).encode())
        return cls._sw[1]

    def end_headers(self):
        # Always revalidate, so a rebuilt module is picked up on reload.
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, fmt, *args):
        if os.environ.get("DIKDUK_SERVE_LOG"):
            super().log_message(fmt, *args)


def main():
    port = int(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PORT", "8080"))
    handler = functools.partial(Handler, directory=os.path.normpath(ROOT))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"Serving dikduk at http://127.0.0.1:{httpd.server_address[1]}/", flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
