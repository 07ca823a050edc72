#!/usr/bin/env python3
"""Drives a running docbridge of the previous release through its HTTP API into a realistic state,
then asks it what it knows and writes expected.json. Called by make-release-fixtures; stdlib only.

usage: release_fixtures.py BASE_URL API_KEY NOTIFY_PORT OUT_JSON
"""
import http.server
import json
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

BASE, KEY, NOTIFY_PORT, OUT = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
ALICE, BOB, CAROL = "alice@example.com", "bob@example.com", "carol@example.com"

# --- the notify action's receiver: how the old server tells which item a Workfront id means ---
notified = []


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        notified.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


receiver = http.server.HTTPServer(("127.0.0.1", NOTIFY_PORT), Receiver)
threading.Thread(target=receiver.serve_forever, daemon=True).start()


def call(method, endpoint, user=ALICE, body=None, expect=200, **params):
    url = BASE + "/api/" + endpoint + "?" + urllib.parse.urlencode(params)
    req = urllib.request.Request(url, method=method, data=body,
                                 headers={"apiKey": KEY, "username": user})
    try:
        with urllib.request.urlopen(req) as r:
            status, text = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read()
    if status != expect:
        sys.exit(f"{method} {endpoint} {params} as {user}: {status} (expected {expect}): {text[:300]!r}")
    return json.loads(text) if text else None


def listing(folder_id):
    return call("GET", "files", parentId=folder_id)


def walk(folder_id="/", trail=()):
    """Every item below folder_id: id -> (trail of names, kind). Listing gives each its id."""
    found = {}
    for item in listing(folder_id):
        path = trail + (item["title"],)
        found[item["id"]] = (path, item["kind"])
        if item["kind"] == "folder":
            found.update(walk(item["id"], path))
    return found


def id_of(items, *path):
    for item_id, (trail, _) in items.items():
        if trail == path:
            return item_id
    sys.exit(f"no item at {path}")


# 1. everything listed once: each item gets its id (catalogue A records)
before = walk()
ids = lambda *path: id_of(before, *path)

# 2. writes: a new folder, a folder renamed (ids below kept), a file renamed, deletes, a move
created = call("POST", "createFolder", parentId=ids("Projekte"), name="Neu erstellt – Ordner")["id"]
call("PUT", "rename", id=ids("Old Name"), name="New Name ✓")
call("PUT", "rename", id=ids("readme.txt"), name="README (alt).txt")
gone = [ids("to delete.txt"), ids("Doomed folder"), ids("Doomed folder", "inner.txt")]
call("PUT", "delete", id=ids("to delete.txt"))
call("PUT", "delete", id=ids("Doomed folder"), user=BOB)
call("GET", "customAction", name="archive", id=ids("move me.txt"))

# 3. Send To: two versions of one Workfront document (completed), a placeholder never completed,
#    and an upload whose item was deleted afterwards (its session forgotten: X)
D1, V1, V2 = "5f1e" + "0" * 27 + "1", "a7c2" + "0" * 27 + "1", "a7c2" + "0" * 27 + "2"
D2, V3 = "5f1e" + "0" * 27 + "2", "a7c2" + "0" * 27 + "3"
D3, V4 = "5f1e" + "0" * 27 + "3", "a7c2" + "0" * 27 + "4"
cafe = ids("Projekte", "Café Crème")
first = call("POST", "uploadInit", parentId=cafe, filename="Angebot ü.pdf", documentId=D1, documentVersionId=V1)["id"]
call("PUT", "upload", id=first, body=b"%PDF-1.4 first version\n")
second = call("POST", "uploadInit", parentId=cafe, filename="Angebot ü.pdf", documentId=D1, documentVersionId=V2)["id"]
call("PUT", "upload", id=second, body=b"%PDF-1.4 second version\n")
placeholder = call("POST", "uploadInit", user=BOB, parentId=created, filename="Platzhalter.docx",
                   documentId=D2, documentVersionId=V3)["id"]
dropped = call("POST", "uploadInit", parentId="/", filename="temp upload.txt", documentId=D3, documentVersionId=V4)["id"]
call("PUT", "upload", id=dropped, body=b"soon gone\n")
call("PUT", "delete", id=dropped)
gone.append(dropped)

# 4. locks by two users, and one lifted again (L and U records)
locked_file = ids("Projekte", "100% sure", "a+b=c.txt")
call("GET", "customAction", name="lock", id=locked_file, user=ALICE)
call("GET", "customAction", name="lock", id=ids("Shared"), user=BOB)
call("GET", "customAction", name="lock", id=ids("readme.txt"), user=ALICE)
call("GET", "customAction", name="unlock", id=ids("readme.txt"), user=ALICE)

# 5. what the old server knows now: the whole tree again (the archive folder gets its ids here)
after = walk()
for item_id, (trail, kind) in after.items():
    meta = call("GET", "metadata", user=CAROL, id=item_id)
    assert meta["title"] == trail[-1] and meta["kind"] == kind, (item_id, meta, trail)
for item_id in gone:
    call("GET", "metadata", user=CAROL, id=item_id, expect=404)
# ids below the renamed folder and the moved file kept theirs
for item_id, (trail, _) in before.items():
    if item_id not in gone:
        assert item_id in after, (item_id, trail)

locks = {locked_file: ALICE, ids("Shared"): BOB}
for item_id, (trail, _) in after.items():
    under_lock = any(lid == item_id or trail[:len(after[lid][0])] == after[lid][0] for lid in locks)
    meta = call("GET", "metadata", user=CAROL, id=item_id)
    assert meta["readOnly"] == under_lock, (trail, meta)

uploads = {
    first: {"user": ALICE, "documentId": D1, "documentVersionId": V1, "completed": True},
    second: {"user": ALICE, "documentId": D1, "documentVersionId": V2, "completed": True},
    placeholder: {"user": BOB, "documentId": D2, "documentVersionId": V3, "completed": False},
}
for item_id, u in uploads.items():
    size = call("GET", "metadata", id=item_id).get("size")
    assert (size > 0) == u["completed"], (item_id, size)

# which item each Workfront id means, as the old server resolves it (the notify action reports it)
lookups = []
for doc, ver in [(D1, V1), (D1, V2), (D1, None), (D2, V3), (D2, None)]:
    params = {"name": "notify", "documentId": doc}
    if ver:
        params["documentVersionId"] = ver
    count = len(notified)
    call("GET", "customAction", user=CAROL, **params)
    assert len(notified) == count + 1, "the notify action reported nothing"
    lookups.append({"documentId": doc, "documentVersionId": ver, "id": notified[-1]["id"]})
call("GET", "customAction", user=CAROL, name="notify", documentId=D3, documentVersionId=V4, expect=404)

expected = {
    "items": {i: {"path": list(t), "kind": k} for i, (t, k) in sorted(after.items(), key=lambda e: e[1][0])},
    "gone": gone,
    "locks": locks,
    "uploads": uploads,
    "workfrontLookups": lookups,
}
with open(OUT, "w", encoding="utf-8") as f:
    json.dump(expected, f, ensure_ascii=False, indent=2)
    f.write("\n")
print(f"{len(after)} items, {len(gone)} gone, {len(locks)} locks, {len(uploads)} uploads")
