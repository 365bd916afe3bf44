#!/usr/bin/python3
"""Reads an EmoStream topic from Kafka and prints its records as JSON lines.

A consumer outside the JVM needs three things, all shown here:
  * read_committed isolation: the scoring job writes with Kafka transactions (exactly-once), so a
    record becomes visible when the job's checkpoint commits it, about once per
    execution.checkpointing.interval;
  * Avro single-object encoding: each value is C3 01, the 8-byte little-endian CRC-64-AVRO
    fingerprint of the writer schema, then the Avro binary body;
  * the schemas: schemas/src/main/avro (current) and schemas/src/main/avro-history (every earlier
    version), matched by fingerprint.

Jobs run with kafka.value-format=REGISTRY write the scores, aggregates and alerts topics in the
schema-registry wire format instead (00, the 4-byte schema id, the Avro body); give
--schema-registry-url and those values are read with Confluent's own client (confluent_kafka.avro,
which fetches the writer schema by id). Each value says which format it is in, so both may share a
topic.

Uses Debian's packages (no PyPI needed): apt-get install python3-confluent-kafka python3-avro
python3-requests (librdkafka honours isolation.level; kafka-python 2.0 has no read_committed).

  examples/python/consume.py --bootstrap-servers 127.0.0.1:9092 --topic emostream.emotion-scores.v1
  examples/python/consume.py --schema-registry-url http://127.0.0.1:8081 ...
"""
import argparse
import datetime
import glob
import io
import json
import os
import struct
import sys
import time

import avro.io
import avro.schema
from confluent_kafka import Consumer, TopicPartition, OFFSET_BEGINNING, OFFSET_END

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "..", "..", "schemas", "src", "main")

_EMPTY = 0xC15D213AA4D7A795
_TABLE = []
for _i in range(256):
    _fp = _i
    for _ in range(8):
        _fp = (_fp >> 1) ^ (_EMPTY & -(_fp & 1))
    _TABLE.append(_fp)


def crc64_avro(data: bytes) -> int:
    """The Rabin fingerprint Avro names schemas by (the Avro specification's CRC-64-AVRO)."""
    fp = _EMPTY
    for b in data:
        fp = (fp >> 8) ^ _TABLE[(fp ^ b) & 0xFF]
    return fp


PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}


def parsing_form(schema) -> str:
    """Avro's Parsing Canonical Form. python3-avro 1.11.1 writes a logical type's underlying type as
    {"type":"long"} where the specification (and Java) write "long"; collapsed here."""

    def collapse(node):
        if isinstance(node, dict):
            if list(node) == ["type"] and node["type"] in PRIMITIVES:
                return node["type"]
            return {k: collapse(v) for k, v in node.items()}
        if isinstance(node, list):
            return [collapse(v) for v in node]
        return node

    return json.dumps(collapse(json.loads(schema.canonical_form)), separators=(",", ":"))


def load_schemas(root: str) -> dict:
    """Every schema EmoStream ever released, by fingerprint."""
    names = avro.schema.Names()
    for path in sorted(glob.glob(os.path.join(root, "avro", "common", "*.avsc"))):
        with open(path) as f:
            avro.schema.make_avsc_object(json.load(f), names)
    paths = glob.glob(os.path.join(root, "avro", "*.avsc"))
    paths += glob.glob(os.path.join(root, "avro-history", "*", "*.avsc"))
    schemas = {}
    for path in sorted(paths):
        with open(path) as f:
            data = json.load(f)
        # the current schemas refer to the common types; history files are self-contained
        schema = avro.schema.make_avsc_object(
            data, names if "avro-history" not in path else avro.schema.Names())
        schemas[crc64_avro(parsing_form(schema).encode("utf-8"))] = schema
    return schemas


class RegistryValues:
    """Values in the schema-registry wire format, decoded by Confluent's client."""

    def __init__(self, url: str):
        from confluent_kafka.avro import CachedSchemaRegistryClient
        from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

        self._serializer = MessageSerializer(CachedSchemaRegistryClient({"url": url}))

    def decode(self, value: bytes):
        return self._serializer.decode_message(value)


def decode(value: bytes, schemas: dict, registry=None):
    if value is not None and len(value) >= 5 and value[0] == 0:
        if registry is None:
            raise ValueError("registry-framed value (schema id %d): give --schema-registry-url"
                             % struct.unpack(">I", value[1:5])[0])
        return registry.decode(value)
    if value is None or len(value) < 10 or value[:2] != b"\xc3\x01":
        raise ValueError("not Avro single-object encoding")
    (fingerprint,) = struct.unpack("<Q", value[2:10])
    schema = schemas.get(fingerprint)
    if schema is None:
        raise ValueError("unknown writer schema %016x" % fingerprint)
    reader = avro.io.DatumReader(schema)
    return reader.read(avro.io.BinaryDecoder(io.BytesIO(value[10:])))


def plain(value):
    """JSON-friendly: times as ISO-8601, bytes (images) as their size only."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": len(value)}
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
    return value


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bootstrap-servers", default="127.0.0.1:9092")
    p.add_argument("--topic", default="emostream.emotion-scores.v1")
    p.add_argument("--schemas", default=SCHEMAS, help="schemas/src/main of an EmoStream checkout")
    p.add_argument("--schema-registry-url", help="for values in the registry wire format")
    p.add_argument("--from-beginning", action="store_true")
    p.add_argument("--max", type=int, default=0, help="stop after N records (0: never)")
    p.add_argument("--timeout", type=float, default=0, help="stop after N seconds without records")
    args = p.parse_args()

    schemas = load_schemas(args.schemas)
    registry = RegistryValues(args.schema_registry_url) if args.schema_registry_url else None
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap_servers,
        "group.id": "emostream-python-example",
        "isolation.level": "read_committed",
        "enable.auto.commit": False,
    })
    start = OFFSET_BEGINNING if args.from_beginning else OFFSET_END
    partitions = consumer.list_topics(args.topic, timeout=10).topics[args.topic].partitions
    consumer.assign([TopicPartition(args.topic, p, start) for p in partitions])
    seen = 0
    quiet_since = time.monotonic()
    while not args.max or seen < args.max:
        message = consumer.poll(0.5)
        if message is None:
            if args.timeout and time.monotonic() - quiet_since > args.timeout:
                break
            continue
        if message.error():
            print(json.dumps({"error": str(message.error())}), flush=True)
            continue
        quiet_since = time.monotonic()
        try:
            print(json.dumps(plain(decode(message.value(), schemas, registry))), flush=True)
        except Exception as e:  # a record that does not decode is reported, not fatal
            where = "%s/%d@%d" % (message.topic(), message.partition(), message.offset())
            print(json.dumps({"unreadable": where, "error": str(e)}), flush=True)
        seen += 1
    consumer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
