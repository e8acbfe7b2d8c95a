"""HTTP load generator for bench/redeem_http.py, run as its own process.

    python -m bench.loadgen --port P --path /anon/v1/cek-kabar/ --bodies FILE
        [--connections 16] [--rate 500] [--max-seconds 30]

Sends each line of FILE (a JSON body) once as a POST over keep-alive HTTP/1.1 connections
to 127.0.0.1 only. Without --rate it is a closed loop: every connection sends its next
request when the previous answer arrives (maximum throughput). With --rate it is an open
loop: request i is due at start + i/rate, and its latency counts from that moment, so
waiting for a free connection counts too (no coordinated omission). Stops after the last
body or after --max-seconds. Prints one JSON object: requests, seconds, statuses,
latency percentiles in ms and this process's CPU seconds.
"""

import argparse
import asyncio
import json
import resource
import sys
import time
from collections import Counter
from pathlib import Path

HOST = "127.0.0.1"


def _request(port: int, path: str, body: bytes) -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class _Client(asyncio.Protocol):
    """One keep-alive connection as a bare protocol: no stream objects, no per-line
    reads; a response is complete when its head and Content-Length bytes are in."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[tuple[int, bool]] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        waiter = self.waiter
        if waiter is None or waiter.done():
            return
        head_end = self.buffer.find(b"\r\n\r\n")
        if head_end < 0:
            return
        head = bytes(self.buffer[:head_end]).lower()
        if b"\r\ntransfer-encoding: chunked" in head:
            waiter.set_exception(ConnectionError("chunked responses are not expected"))
            return
        at = head.find(b"\r\ncontent-length:")
        length = 0
        if at >= 0:
            stop = head.find(b"\r\n", at + 2)
            length = int(head[at + 17 : stop if stop >= 0 else len(head)])
        total = head_end + 4 + length
        if len(self.buffer) < total:
            return
        del self.buffer[:total]
        waiter.set_result((int(head[9:12]), b"\r\nconnection: close" not in head))

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError("connection closed"))


class Connection:
    def __init__(self, port: int) -> None:
        self.port = port
        self.client: _Client | None = None

    async def send(self, request: bytes) -> int:
        loop = asyncio.get_running_loop()
        for attempt in range(2):
            if self.client is None or self.client.transport is None:
                _, self.client = await loop.create_connection(_Client, HOST, self.port)
            client = self.client
            client.waiter = loop.create_future()
            client.transport.write(request)  # type: ignore[union-attr]
            try:
                status, keep = await client.waiter
            except ConnectionError:
                self.close()
                if attempt:
                    raise
                continue  # the server closed an idle keep-alive connection: reconnect once
            if not keep:
                self.close()
            return status
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.client is not None and self.client.transport is not None:
            self.client.transport.close()
        self.client = None


async def _run(options: argparse.Namespace, requests: list[bytes]) -> dict[str, object]:
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    deadline = time.perf_counter() + options.max_seconds
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    connections = [Connection(options.port) for _ in range(options.connections)]
    for connection in connections:
        pool.put_nowait(connection)

    async def one(request: bytes, due: float) -> None:
        connection = await pool.get()
        try:
            status = await connection.send(request)
        except OSError:  # ConnectionError included
            status = 0
        finally:
            pool.put_nowait(connection)
        latencies.append(time.perf_counter() - due)
        statuses[status] += 1

    start = time.perf_counter()
    if options.rate:
        tasks = []
        for i, request in enumerate(requests):
            due = start + i / options.rate
            if due > deadline:
                break
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(request, due)))
        await asyncio.gather(*tasks)
    else:
        queue = iter(requests)

        async def closed_loop() -> None:
            for request in queue:
                if time.perf_counter() > deadline:
                    return
                await one(request, time.perf_counter())

        await asyncio.gather(*(closed_loop() for _ in range(options.connections)))
    seconds = time.perf_counter() - start
    for connection in connections:
        connection.close()
    latencies.sort()

    def percentile(p: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))]

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "requests": len(latencies),
        "seconds": seconds,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "p50_ms": percentile(0.50),
        "p95_ms": percentile(0.95),
        "p99_ms": percentile(0.99),
        "max_ms": 1000 * latencies[-1],
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadgen")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--bodies", type=Path, required=True)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rate", type=float, default=0.0)
    parser.add_argument("--max-seconds", type=float, default=30.0)
    options = parser.parse_args()
    bodies = options.bodies.read_bytes().splitlines()
    requests = [_request(options.port, options.path, body) for body in bodies if body]
    print(json.dumps(asyncio.run(_run(options, requests))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
