package org.docbridge.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailCacheTest {

    @TempDir
    Path dir;

    @Test
    void keysChangeWithEveryThingThePictureDependsOn() {
        String key = ThumbnailCache.key("AAAA", "\"10-20\"", 200, "v1");
        assertEquals(64, key.length());
        assertEquals(key, ThumbnailCache.key("AAAA", "\"10-20\"", 200, "v1"));
        assertNotEquals(key, ThumbnailCache.key("AAAB", "\"10-20\"", 200, "v1"));
        assertNotEquals(key, ThumbnailCache.key("AAAA", "\"10-21\"", 200, "v1"));
        assertNotEquals(key, ThumbnailCache.key("AAAA", "\"10-20\"", 201, "v1"));
        assertNotEquals(key, ThumbnailCache.key("AAAA", "\"10-20\"", 200, "v2"));
    }

    @Test
    void picturesAndRefusalsComeBackAsTheyWent() throws IOException {
        ThumbnailCache cache = new ThumbnailCache(dir, 1 << 20);
        String picture = ThumbnailCache.key("a", "e", 200, "v");
        String refused = ThumbnailCache.key("b", "e", 200, "v");
        assertNull(cache.get(picture));
        cache.putPng(picture, new byte[] {1, 2, 3});
        cache.putRefusal(refused, "the PDF is protected by a password");
        assertArrayEquals(new byte[] {1, 2, 3}, cache.get(picture).png());
        assertEquals("the PDF is protected by a password", cache.get(refused).refusal());
        assertNull(cache.get(refused).png());
        // a second server on the same folder sees both
        assertNotNull(new ThumbnailCache(dir, 1 << 20).get(picture));
        try (Stream<Path> files = Files.walk(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
        }
    }

    @Test
    void theBoundInBytesHoldsAndTheLeastRecentlyUsedGoFirst() throws IOException {
        ThumbnailCache cache = new ThumbnailCache(dir, 100_000);
        byte[] tenKb = new byte[10_000];
        for (int i = 0; i < 10; i++) {
            cache.putPng(ThumbnailCache.key("id" + i, "e", 200, "v"), tenKb);
            age(ThumbnailCache.key("id" + i, "e", 200, "v"), 1000 - i); // 0 is the oldest
        }
        assertEquals(100_000, cache.size());
        // a hit on the oldest makes it the most recently used
        assertNotNull(cache.get(ThumbnailCache.key("id0", "e", 200, "v")));
        cache.putPng(ThumbnailCache.key("id10", "e", 200, "v"), tenKb);
        assertTrue(cache.size() <= 90_000, cache.size() + " bytes");
        assertNotNull(cache.get(ThumbnailCache.key("id0", "e", 200, "v")), "used a moment ago: kept");
        assertNull(cache.get(ThumbnailCache.key("id1", "e", 200, "v")), "the least recently used: gone");
        assertNull(cache.get(ThumbnailCache.key("id2", "e", 200, "v")));
        assertNotNull(cache.get(ThumbnailCache.key("id10", "e", 200, "v")));
        assertEquals(cache.size(), bytesOnDisk());
    }

    @Test
    void aBoundOfZeroCachesNothing() throws IOException {
        ThumbnailCache cache = new ThumbnailCache(dir.resolve("off"), 0);
        cache.putPng(ThumbnailCache.key("a", "e", 200, "v"), new byte[] {1});
        assertNull(cache.get(ThumbnailCache.key("a", "e", 200, "v")));
        assertTrue(Files.notExists(dir.resolve("off")));
    }

    private void age(String key, int minutes) throws IOException {
        Path file = dir.resolve(key.substring(0, 2)).resolve(key + ".png");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60L * minutes)));
    }

    private long bytesOnDisk() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
