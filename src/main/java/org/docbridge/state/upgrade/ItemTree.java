package org.docbridge.state.upgrade;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The catalogue's tree while its journal is replayed: each item's id, parent and name, in parallel
 * arrays rather than an object per item, so that a million ids fit in about 100 MB of heap (the
 * server that imports them may run with a small one). An id ({@code /} for the root, else 16
 * URL-safe characters = 96 bits) is kept as a long and an int; a name as its UTF-8 bytes. Two
 * open-addressing tables find an item by id and by (parent, name); child lists let a forget take
 * everything below, and let the rows be written parents first.
 */
final class ItemTree {

    static final String ROOT_ID = "/";
    static final int ROOT = 0;
    static final int NONE = -1;

    private int size = 1;
    private long[] idHigh = new long[1024];
    private int[] idLow = new int[1024];
    private int[] parent = new int[1024];
    private int[] firstChild = new int[1024];
    private int[] next = new int[1024];
    private int[] prev = new int[1024];
    private int[] nameHash = new int[1024];
    private byte[][] name = new byte[1024][];
    private int liveCount;

    private final Slots byId = new Slots() {
        @Override
        int hash(int item) {
            return mix(Long.hashCode(idHigh[item]) * 31 + idLow[item]);
        }
    };
    private final Slots byPlace = new Slots() {
        @Override
        int hash(int item) {
            return mix(parent[item] * 31 + nameHash[item]);
        }
    };

    ItemTree() {
        parent[ROOT] = NONE;
        firstChild[ROOT] = NONE;
        name[ROOT] = new byte[0];
    }

    /** The live item with this id, or {@link #NONE}. */
    int find(String id) {
        if (ROOT_ID.equals(id)) {
            return ROOT;
        }
        if (!isWellFormed(id)) {
            return NONE;
        }
        ByteBuffer bits = ByteBuffer.wrap(Base64.getUrlDecoder().decode(id));
        long high = bits.getLong();
        int low = bits.getInt();
        return byId.find(mix(Long.hashCode(high) * 31 + low), i -> idHigh[i] == high && idLow[i] == low);
    }

    /** The live child of {@code folder} called {@code childName}, or {@link #NONE}. */
    int child(int folder, byte[] childName) {
        int h = Arrays.hashCode(childName);
        return byPlace.find(mix(folder * 31 + h), i -> parent[i] == folder && nameHash[i] == h
                && Arrays.equals(name[i], childName));
    }

    /** Adds a new item (its id well-formed and not live, the place free). */
    void add(String id, int folder, byte[] childName) {
        grow();
        int i = size++;
        ByteBuffer bits = ByteBuffer.wrap(Base64.getUrlDecoder().decode(id));
        idHigh[i] = bits.getLong();
        idLow[i] = bits.getInt();
        firstChild[i] = NONE;
        liveCount++;
        byId.add(i);
        place(i, folder, childName);
    }

    /** Gives a live item a new parent and name (the place free, no cycle). */
    void move(int item, int folder, byte[] childName) {
        unplace(item);
        place(item, folder, childName);
    }

    /** Forgets an item and everything below it. */
    void forget(int item) {
        unplace(item);
        int[] stack = {item};
        int top = 1;
        while (top > 0) {
            int i = stack[--top];
            liveCount--;
            byId.remove(i);
            for (int c = firstChild[i]; c != NONE; c = next[c]) {
                if (top == stack.length) {
                    stack = Arrays.copyOf(stack, top * 2);
                }
                stack[top++] = c;
                byPlace.remove(c);
            }
        }
    }

    /** Whether {@code item} is {@code ancestor} or lies below it. */
    boolean isBelow(int item, int ancestor) {
        for (int i = item; i != NONE; i = parent[i]) {
            if (i == ancestor) {
                return true;
            }
        }
        return false;
    }

    /** How many items are known, the root not counted. */
    int size() {
        return liveCount;
    }

    /** Visits every live item but the root, each after its parent (breadth first). */
    void visitParentsFirst(Visitor visitor) throws java.io.IOException {
        int[] queue = new int[liveCount + 1];
        int head = 0;
        int tail = 0;
        queue[tail++] = ROOT;
        while (head < tail) {
            int folder = queue[head++];
            for (int c = firstChild[folder]; c != NONE; c = next[c]) {
                queue[tail++] = c;
                visitor.visit(c);
            }
        }
    }

    /** Called with items in {@link #visitParentsFirst} order. */
    interface Visitor {
        void visit(int item) throws java.io.IOException;
    }

    String id(int item) {
        if (item == ROOT) {
            return ROOT_ID;
        }
        byte[] bits = ByteBuffer.allocate(12).putLong(idHigh[item]).putInt(idLow[item]).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    int parent(int item) {
        return parent[item];
    }

    String name(int item) {
        return new String(name[item], StandardCharsets.UTF_8);
    }

    /** The shape every id but the root's has (16 URL-safe characters); the old catalogue refused others. */
    static boolean isWellFormed(String id) {
        if (id == null || id.length() != 16) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    // --- structure -----------------------------------------------------------------------------

    private void place(int item, int folder, byte[] childName) {
        parent[item] = folder;
        name[item] = childName;
        nameHash[item] = Arrays.hashCode(childName);
        prev[item] = NONE;
        next[item] = firstChild[folder];
        if (next[item] != NONE) {
            prev[next[item]] = item;
        }
        firstChild[folder] = item;
        byPlace.add(item);
    }

    private void unplace(int item) {
        byPlace.remove(item);
        if (prev[item] != NONE) {
            next[prev[item]] = next[item];
        } else {
            firstChild[parent[item]] = next[item];
        }
        if (next[item] != NONE) {
            prev[next[item]] = prev[item];
        }
    }

    private void grow() {
        if (size < parent.length) {
            return;
        }
        int n = parent.length * 2;
        idHigh = Arrays.copyOf(idHigh, n);
        idLow = Arrays.copyOf(idLow, n);
        parent = Arrays.copyOf(parent, n);
        firstChild = Arrays.copyOf(firstChild, n);
        next = Arrays.copyOf(next, n);
        prev = Arrays.copyOf(prev, n);
        nameHash = Arrays.copyOf(nameHash, n);
        name = Arrays.copyOf(name, n);
    }

    static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
