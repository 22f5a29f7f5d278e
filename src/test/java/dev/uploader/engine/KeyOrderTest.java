package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyOrderTest {

    @Test
    void compare_anyKeys_agreesWithUtf8ByteOrder() {
        Random random = new Random(20261202);
        String[] alphabet = {"a", "b", "/", "-", ".", "~", "é", "\uE000", "\uFFFD", "😀", "𝄞", "0", "Z", " "};
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder s = new StringBuilder();
            for (int j = random.nextInt(6); j >= 0; j--) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            keys.add(s.toString());
        }
        List<String> byBytes = new ArrayList<>(keys);
        byBytes.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        List<String> byOrder = new ArrayList<>(keys);
        byOrder.sort(KeyOrder.INSTANCE);
        assertEquals(byBytes, byOrder);
    }

    @Test
    void compare_emojiAgainstPrivateUseCharacter_emojiSortsAfter() {
        // String.compareTo says the opposite: the surrogate 0xD83D is below 0xE000
        assertEquals(1, Integer.signum(KeyOrder.INSTANCE.compare("😀", "\uE000")));
    }
}
