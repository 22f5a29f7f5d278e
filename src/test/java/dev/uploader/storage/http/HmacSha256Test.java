package dev.uploader.storage.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HmacSha256Test {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void mac_rfc4231TestCases_knownValues() {
        // RFC 4231, test cases 1, 2, 3, 4, 6 (a key longer than the block) and 7 (long key and long data)
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                HEX.formatHex(new HmacSha256(filled(20, 0x0b)).mac("Hi There".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                HEX.formatHex(new HmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII))
                        .mac("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
                HEX.formatHex(new HmacSha256(filled(20, 0xaa)).mac(filled(50, 0xdd))));
        assertEquals("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
                HEX.formatHex(new HmacSha256(HEX.parseHex("0102030405060708090a0b0c0d0e0f10111213141516171819"))
                        .mac(filled(50, 0xcd))));
        assertEquals("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                HEX.formatHex(new HmacSha256(filled(131, 0xaa))
                        .mac("Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
                HEX.formatHex(new HmacSha256(filled(131, 0xaa)).mac(("This is a test using a larger than block-size key and a "
                        + "larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.")
                        .getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void mac_keysAndDataOfEveryLengthAroundTheBlock_sameAsJavaxCryptoMac() throws Exception {
        Random random = new Random(42);
        for (int keyLength : new int[] {0, 1, 32, 63, 64, 65, 128, 200}) {
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            HmacSha256 ours = new HmacSha256(key);
            Mac theirs = Mac.getInstance("HmacSHA256");
            // javax.crypto refuses an empty key; RFC 2104 pads it with zeros like any short key
            theirs.init(new SecretKeySpec(keyLength == 0 ? new byte[1] : key, "HmacSHA256"));
            for (int dataLength : new int[] {0, 1, 55, 56, 63, 64, 65, 1000}) {
                byte[] data = new byte[dataLength];
                random.nextBytes(data);
                assertArrayEquals(theirs.doFinal(data), ours.mac(data), "key " + keyLength + ", data " + dataLength);
                assertArrayEquals(theirs.doFinal(data), ours.mac(data), "the same HMAC used again");
            }
        }
    }
}
