package dev.uploader.engine;

import java.util.Comparator;

/**
 * The order in which S3 lists keys: UTF-8 binary order, which is Unicode code point order. Java's
 * {@link String#compareTo} compares UTF-16 units and puts a character above U+FFFF (a surrogate pair) before
 * U+E000..U+FFFF, where S3 puts it after; the streaming plan merges two listings and must agree with the store.
 */
public final class KeyOrder implements Comparator<String> {
    public static final KeyOrder INSTANCE = new KeyOrder();

    private KeyOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // a surrogate (a pair's half) stands for a code point above every BMP character
                boolean xs = Character.isSurrogate(x);
                boolean ys = Character.isSurrogate(y);
                if (xs != ys) {
                    return xs ? 1 : -1;
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
