package org.docbridge.state.upgrade;

import java.util.function.IntPredicate;

/**
 * An open-addressing hash set of item numbers (linear probing, at most half full), whose keys live
 * in the caller's arrays: {@link #hash} says where an item belongs. Items are removed by shifting
 * back the ones after them, so no tombstones pile up while a long journal adds and forgets.
 */
abstract class Slots {

    /** item + 1; 0 is an empty slot. */
    private int[] slots = new int[2048];
    private int count;

    /** The hash of the key {@code item} has now; it must not change while the item is held. */
    abstract int hash(int item);

    /** The held item with this hash that {@code matches}, or -1. */
    final int find(int hash, IntPredicate matches) {
        int mask = slots.length - 1;
        for (int i = hash & mask; slots[i] != 0; i = (i + 1) & mask) {
            if (matches.test(slots[i] - 1)) {
                return slots[i] - 1;
            }
        }
        return -1;
    }

    final void add(int item) {
        if (2 * (count + 1) > slots.length) {
            int[] old = slots;
            slots = new int[old.length * 2];
            for (int s : old) {
                if (s != 0) {
                    put(s - 1);
                }
            }
        }
        put(item);
        count++;
    }

    final void remove(int item) {
        int mask = slots.length - 1;
        int i = hash(item) & mask;
        while (slots[i] != item + 1) {
            if (slots[i] == 0) {
                throw new IllegalStateException("item " + item + " is not held");
            }
            i = (i + 1) & mask;
        }
        // shift back every later item of the probe run that may not stay behind the gap
        for (int j = (i + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
            int home = hash(slots[j] - 1) & mask;
            boolean staysPut = i <= j ? i < home && home <= j : i < home || home <= j;
            if (!staysPut) {
                slots[i] = slots[j];
                i = j;
            }
        }
        slots[i] = 0;
        count--;
    }

    private void put(int item) {
        int mask = slots.length - 1;
        int i = hash(item) & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = item + 1;
    }
}
