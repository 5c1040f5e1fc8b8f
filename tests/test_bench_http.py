"""The benchmarks' helpers: the HTTP client (bench/server.py) reads whole answers, keeps or reopens
connections; a scratch folder (bench.scratch_dir) is gone when the run ends."""
import socket
import subprocess
import sys
import threading
from pathlib import Path

from bench.server import Connection, get_request

ANSWERS = [
    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",  # kept open
    b"HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n",  # no body, closes
    b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + b"x" * 300000,  # body until the close
    b"HTTP/1.1 206 Partial Content\r\nContent-Length: 3\r\n\r\nabc",  # kept open, then closed idle
    b"HTTP/1.1 404 NOT FOUND\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno",
]


def _serve(listener: socket.socket, requests: list[bytes]) -> None:
    """Answers in turn; closes after those that say so, and drops the kept connection before the fifth."""
    answers = iter(ANSWERS)
    close_after = {1, 2, 4}
    index = 0
    while index < len(ANSWERS):
        conn, _ = listener.accept()
        with conn:
            while index < len(ANSWERS):
                requests.append(conn.recv(65536))
                conn.sendall(next(answers))
                index += 1
                if index - 1 in close_after:
                    break
                if index == 4:  # the keep-alive connection goes idle and the server drops it
                    conn.recv(65536)
                    break


def test_connection_reads_every_answer_whole_and_reconnects():
    listener = socket.create_server(("127.0.0.1", 0))
    requests: list[bytes] = []
    server = threading.Thread(target=_serve, args=(listener, requests), daemon=True)
    server.start()
    connection = Connection(listener.getsockname()[1])
    request = get_request("/x", "session=abc", Range="bytes=0-2")
    assert [connection.fetch(request) for _ in ANSWERS] == [(200, 5), (304, 0), (200, 300000), (206, 3), (404, 2)]
    server.join(5)
    listener.close()
    assert requests[0].startswith(b"GET /x HTTP/1.1\r\n")
    assert b"\r\nCookie: session=abc\r\n" in requests[0] and b"\r\nRange: bytes=0-2\r\n" in requests[0]


def test_a_benchmarks_scratch_folder_is_removed_when_the_run_ends():
    """Database copies and server files of `make bench` do not pile up under /tmp run after run."""
    script = "from bench import scratch_dir; d = scratch_dir(); (d / 'copy.sqlite').write_bytes(b'x'); print(d)"
    made = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[1]).stdout.strip()
    assert made.startswith("/") and "regioplan-bench-" in made
    assert not Path(made).exists()
