#!/usr/bin/env python3
"""Verify a Fairdrop drop from its public audit alone, following docs/drops.md, with no Fairdrop code.

    python3 drops-verify.py http://127.0.0.1:5080 DROP_ID      # fetch GET /api/v1/public/drops/DROP_ID/audit
    python3 drops-verify.py audit.json                         # an audit saved as JSON
    python3 drops-verify.py --batch audits.json                # a JSON array of audits: prints one result per line
    python3 drops-verify.py --proof proof.json                 # an entry's inclusion proof (GET .../entries/ID/proof)

Exit status 0 when everything verifies, 1 otherwise. Standard library only (Python 3.8+).
"""
import hashlib
import hmac
import json
import sys
import urllib.request
import uuid

DOMAIN = b"fairdrop/drop-order/v2"
PRE_QUEUE = -1


def sha256(data):
    return hashlib.sha256(data).digest()


# RFC 6962 section 2.1: leaves H(0x00 || d), nodes H(0x01 || left || right), split at the largest power of two below n.
def merkle_root(leaves):
    if not leaves:
        return sha256(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return sha256(b"\x01" + merkle_root(leaves[:k]) + merkle_root(leaves[k:]))


def leaf_hash(entry):
    flags = (1 if entry["priority"] else 0) | (2 if entry["bot"] else 0) | (4 if entry["verified"] else 0) \
        | (8 if entry["source"] == "merchant" else 0)
    data = uuid.UUID(entry["entryId"]).bytes + entry["arrivalSeq"].to_bytes(8, "big", signed=True) \
        + entry["arrivedAtMs"].to_bytes(8, "big", signed=True) + bytes([flags])
    return sha256(b"\x00" + data)


def verify_inclusion(leaf, index, size, path, root):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = sha256(b"\x01" + p + r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = sha256(b"\x01" + r + p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def order_key(seed, scope, root, randomness):
    return sha256(DOMAIN + seed + scope.to_bytes(8, "big", signed=True) + root + randomness)


def shuffled(entries, key):
    """Ascending first 8 bytes (big-endian) of HMAC-SHA256(key, id bytes); ties by the id's lower-case hex."""
    def rank(e):
        mac = hmac.new(key, uuid.UUID(e["entryId"]).bytes, hashlib.sha256).digest()
        return (int.from_bytes(mac[:8], "big"), uuid.UUID(e["entryId"]).hex)
    return sorted(entries, key=rank)


def round_after(beacon, sealed_at_ms):
    since = sealed_at_ms - beacon["genesisTime"] * 1000
    return 1 if since < 0 else since // (beacon["periodSeconds"] * 1000) + 2


def scope_key(audit, seed, scope, members, problems):
    name = "the pre-queue" if scope == PRE_QUEUE else "window %d" % scope
    seal = next((s for s in audit["seals"] if s["scope"] == scope), None)
    if seal is None:
        problems.append(name + " has places but no seal")
        return None
    root = merkle_root([leaf_hash(e) for e in members])
    if root.hex() != seal["root"].lower() or seal["entries"] != len(members):
        problems.append(name + "'s entries do not hash to its sealed root")
        return None
    if audit["randomness"] != "beacon":
        return order_key(seed, scope, root, b"")
    beacon = audit.get("beacon")
    if not beacon or seal.get("beaconRound") is None or not seal.get("randomness") or not seal.get("signature"):
        problems.append(name + " has no beacon round")
        return None
    closed_at = audit["opensAtMs"] if scope == PRE_QUEUE else audit["opensAtMs"] + (scope + 1) * audit["rollingWindowMs"]
    randomness = bytes.fromhex(seal["randomness"])
    if seal["sealedAtMs"] < closed_at or seal["beaconRound"] != round_after(beacon, seal["sealedAtMs"]) \
            or sha256(bytes.fromhex(seal["signature"])) != randomness:
        problems.append(name + "'s beacon round is not the first after its sealing, or its randomness is not SHA-256 of its signature")
        return None
    return order_key(seed, scope, root, randomness)


def expected_places(audit):
    """Returns (places by entry id, problems); raises ValueError when the audit cannot be verified yet."""
    if audit["version"] != 2:
        raise ValueError("this script verifies version 2 drops only")
    if audit.get("seed") is None:
        raise ValueError("the seed is not revealed yet")
    seed = bytes.fromhex(audit["seed"])
    if sha256(seed).hex() != audit["seedCommitment"].lower():
        raise ValueError("the revealed seed does not match the published commitment")
    problems, places = [], {}
    opens, rolling = audit["opensAtMs"], audit["lateOrder"] == "rolling"
    for e in audit["entries"]:
        window = (e["arrivedAtMs"] - opens) // audit["rollingWindowMs"] if rolling and e["arrivedAtMs"] >= opens else None
        if e["preQueue"] != (e["arrivedAtMs"] < opens) or e.get("window") != window:
            problems.append("entry %s's scope does not follow from its arrival time" % e["entryId"])
    by_arrival = sorted(audit["entries"], key=lambda e: e["arrivalSeq"])
    pre = [e for e in by_arrival if e["preQueue"]]
    key = scope_key(audit, seed, PRE_QUEUE, pre, problems)
    if key is None:
        return places, problems
    order = shuffled(pre, key)
    # Priority first (non-bots, up to the slots), then the other humans, then suspected bots; each in shuffled order.
    promoted = [e for e in order if e["priority"] and not e["bot"]][:audit["prioritySlots"]]
    promoted_ids = {e["entryId"] for e in promoted}
    final = promoted + [e for e in order if not e["bot"] and e["entryId"] not in promoted_ids] + [e for e in order if e["bot"]]
    for i, e in enumerate(final):
        places[e["entryId"]] = i + 1
    nxt = len(final)
    late = [e for e in by_arrival if not e["preQueue"]]
    if not rolling:
        for e in late:
            nxt += 1
            places[e["entryId"]] = nxt
        return places, problems
    windows = {}
    for e in late:
        windows.setdefault(e["window"], []).append(e)
    for w in sorted(windows):
        members = windows[w]
        if all(e.get("place") is None for e in members):
            break
        wkey = scope_key(audit, seed, w, members, problems)
        if wkey is None:
            return places, problems
        for e in shuffled(members, wkey):
            nxt += 1
            places[e["entryId"]] = nxt
    return places, problems


def verify(audit):
    try:
        places, problems = expected_places(audit)
    except ValueError as error:
        return {"dropId": audit.get("dropId"), "verified": False, "mismatches": 0, "message": str(error), "places": {}}
    mismatches = sum(1 for e in audit["entries"] if e["entryId"] in places and e.get("place") != places[e["entryId"]])
    mismatches += sum(1 for e in audit["entries"] if e.get("place") is not None and e["entryId"] not in places)
    ok = mismatches == 0 and not problems
    message = "verified (%s mode): %d places follow from the audit" % (audit["randomness"], len(places)) if ok \
        else "%d place(s) do not follow from the audit %s" % (mismatches, "; ".join(problems[:5]))
    return {"dropId": audit.get("dropId"), "verified": ok, "mismatches": mismatches, "message": message, "places": places}


def main(argv):
    if len(argv) == 3 and argv[1] == "--batch":
        with open(argv[2]) as f:
            results = [verify(a) for a in json.load(f)]
        for r in results:
            print(json.dumps(r, sort_keys=True))
        return 0 if all(r["verified"] for r in results) else 1
    if len(argv) == 3 and argv[1] == "--proof":
        with open(argv[2]) as f:
            p = json.load(f)
        ok = verify_inclusion(bytes.fromhex(p["leaf"]), p["leafIndex"], p["treeSize"], [bytes.fromhex(h) for h in p["path"]], bytes.fromhex(p["root"]))
        print("included" if ok else "NOT included")
        return 0 if ok else 1
    if len(argv) == 3:
        url = argv[1].rstrip("/") + "/api/v1/public/drops/%s/audit" % argv[2]
        with urllib.request.urlopen(url, timeout=30) as response:
            audit = json.load(response)
    elif len(argv) == 2:
        with open(argv[1]) as f:
            audit = json.load(f)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    result = verify(audit)
    print(result["message"])
    return 0 if result["verified"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
