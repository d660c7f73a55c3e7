"""The S3-compatible server of the media store's tests: moto's server mode on a free loopback port.

    server.py -- COMMAND...    runs COMMAND with BLOCOPRO_TEST_S3_ENDPOINT naming the server, stops the
                               server after it (whatever happens) and exits with its status;
    server.py --until-stdin-closes
                               prints the endpoint on one line and serves until its standard input
                               closes (the tests start it so when the variable is not set: the server
                               goes when the test process does).

Every test creates its own bucket; moto keeps everything in memory and takes any credentials.
"""

import logging
import os
import subprocess
import sys

from moto.server import ThreadedMotoServer


def start():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def main(arguments):
    if arguments == ["--until-stdin-closes"]:
        server, endpoint = start()
        print(endpoint, flush=True)
        sys.stdin.read()
        server.stop()
        return 0
    if len(arguments) >= 2 and arguments[0] == "--":
        server, endpoint = start()
        try:
            environment = dict(os.environ, BLOCOPRO_TEST_S3_ENDPOINT=endpoint)
            return subprocess.call(arguments[1:], env=environment)
        finally:
            server.stop()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
