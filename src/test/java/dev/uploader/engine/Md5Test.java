package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Md5Test {

    private static byte[] md5(byte[] data) throws Exception {
        return MessageDigest.getInstance("MD5").digest(data);
    }

    @Test
    void multipartEtag_threeParts_matchesIndependentComputation() throws Exception {
        List<byte[]> parts = List.of("a".repeat(10).getBytes(StandardCharsets.US_ASCII),
                "b".repeat(7).getBytes(StandardCharsets.US_ASCII), "c".getBytes(StandardCharsets.US_ASCII));
        List<byte[]> partMd5s = new ArrayList<>();
        MessageDigest outer = MessageDigest.getInstance("MD5");
        for (byte[] p : parts) {
            byte[] d = md5(p);
            partMd5s.add(d);
            outer.update(d);
        }
        String expected = HexFormat.of().formatHex(outer.digest()) + "-3";

        String etag = Md5.multipartEtag(partMd5s);

        assertEquals(expected, etag);
        // also computed with Python: md5(b"".join(md5(p).digest() for p in parts)).hexdigest()
        assertEquals("8ee05f6ade6cd294ac522f259dd99dfc-3", etag);
    }

    @Test
    void multipartEtag_singleEmptyPart_knownValueWithSuffixOne() throws Exception {
        assertEquals("59adb24ef3cdbe0297f05b395827453f-1", Md5.multipartEtag(List.of(md5(new byte[0]))));
    }

    @Test
    void multipartEtag_randomParts_isCompositeNotPlain() throws Exception {
        Random random = new Random(42);
        List<byte[]> partMd5s = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            byte[] part = new byte[1000 + i];
            random.nextBytes(part);
            partMd5s.add(md5(part));
        }

        String etag = Md5.multipartEtag(partMd5s);

        assertTrue(etag.endsWith("-12"), etag);
        assertTrue(Md5.isCompositeEtag(etag));
        assertFalse(Md5.isPlainEtag(etag));
    }

    @Test
    void of_stream_sameAsMessageDigest() throws Exception {
        byte[] data = new byte[600 * 1024 + 3];
        new Random(7).nextBytes(data);

        assertEquals(HexFormat.of().formatHex(md5(data)), Md5.hex(Md5.of(new ByteArrayInputStream(data))));
    }

    @Test
    void hexAndBase64_abc_knownValues() throws IOException {
        byte[] d = Md5.of(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)));

        assertEquals("900150983cd24fb0d6963f7d28e17f72", Md5.hex(d));
        assertEquals("kAFQmDzST7DWlj99KOF/cg==", Md5.base64(d));
    }

    @Test
    void isPlainEtag_32HexDigits_true() {
        assertTrue(Md5.isPlainEtag("d41d8cd98f00b204e9800998ecf8427e"));
        assertTrue(Md5.isPlainEtag("D41D8CD98F00B204E9800998ECF8427E"));
    }

    @Test
    void isPlainEtag_quotedShortCompositeNonHexOrNull_false() {
        assertFalse(Md5.isPlainEtag("\"d41d8cd98f00b204e9800998ecf8427e\""));
        assertFalse(Md5.isPlainEtag("d41d8cd98f00b204e9800998ecf8427"));
        assertFalse(Md5.isPlainEtag("d41d8cd98f00b204e9800998ecf8427e0"));
        assertFalse(Md5.isPlainEtag("d41d8cd98f00b204e9800998ecf8427e-2"));
        assertFalse(Md5.isPlainEtag("g41d8cd98f00b204e9800998ecf8427e"));
        assertFalse(Md5.isPlainEtag(""));
        assertFalse(Md5.isPlainEtag(null));
    }

    @Test
    void isCompositeEtag_hexDashCount_true() {
        assertTrue(Md5.isCompositeEtag("8ee05f6ade6cd294ac522f259dd99dfc-3"));
        assertTrue(Md5.isCompositeEtag("8EE05F6ADE6CD294AC522F259DD99DFC-10000"));
    }

    @Test
    void isCompositeEtag_plainQuotedNoCountOrNull_false() {
        assertFalse(Md5.isCompositeEtag("8ee05f6ade6cd294ac522f259dd99dfc"));
        assertFalse(Md5.isCompositeEtag("\"8ee05f6ade6cd294ac522f259dd99dfc-3\""));
        assertFalse(Md5.isCompositeEtag("8ee05f6ade6cd294ac522f259dd99dfc-"));
        assertFalse(Md5.isCompositeEtag("8ee05f6ade6cd294ac522f259dd99dfc-x"));
        assertFalse(Md5.isCompositeEtag("8ee05f6ade6cd294ac522f259dd99df-3"));
        assertFalse(Md5.isCompositeEtag(null));
    }

    @Test
    void isPlainEtagAndIsCompositeEtag_charactersJustOutsideTheHexRanges_false() {
        // the characters next to 0-9, a-f and A-F in ASCII: '/', ':', '`', 'g', '@', 'G'
        for (char c : new char[] {'/', ':', '`', 'g', '@', 'G', ' ', '\u00e9'}) {
            String hex = c + "ee05f6ade6cd294ac522f259dd99dfc";
            assertFalse(Md5.isPlainEtag(hex), hex);
            assertFalse(Md5.isCompositeEtag(hex + "-3"), hex + "-3");
            assertFalse(Md5.isPlainEtag("8ee05f6ade6cd294ac522f259dd99df" + c));
        }
        assertFalse(Md5.isCompositeEtag("8ee05f6ade6cd294ac522f259dd99dfc-3a"));
        assertFalse(Md5.isCompositeEtag("8ee05f6ade6cd294ac522f259dd99dfc-/"));
        assertFalse(Md5.isCompositeEtag("8ee05f6ade6cd294ac522f259dd99dfc--3"));
        assertTrue(Md5.isCompositeEtag("8ee05f6ade6cd294ac522f259dd99dfc-0"));
    }

    @Test
    void newDigest_afterOthersWereUpdated_startsEmptyAndIsIndependent() throws Exception {
        java.security.MessageDigest first = Md5.newDigest();
        first.update("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.security.MessageDigest second = Md5.newDigest();
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", Md5.hex(second.digest()));
        second.update("x".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", Md5.hex(first.digest()));
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", Md5.hex(Md5.newDigest().digest()));
    }
}
