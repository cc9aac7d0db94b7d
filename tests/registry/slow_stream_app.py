"""A WSGI app that streams for longer than gunicorn's timeout (tests/registry/test_gunicorn_conf.py)."""

import time


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])

    def body():
        for i in range(6):
            time.sleep(0.5)
            yield f"line {i}\n".encode()

    return body()
