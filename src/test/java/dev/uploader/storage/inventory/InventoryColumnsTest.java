package dev.uploader.storage.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InventoryColumnsTest {

    @Test
    void decodeKey_formEncoding_plusIsSpaceAndEscapesAreUtf8() {
        assertEquals("a b+c/ü 日本.txt", InventoryColumns.decodeKey("a+b%2Bc%2F%C3%BC+%E6%97%A5%E6%9C%AC.txt"));
        assertEquals("plain/key.txt", InventoryColumns.decodeKey("plain/key.txt"));
        assertEquals("\uD83D\uDE00", InventoryColumns.decodeKey("%F0%9F%98%80"));
        assertEquals("ü\uD83D\uDE00", InventoryColumns.decodeKey("ü\uD83D\uDE00"));
    }

    @Test
    void decodeKey_malformedEscapeOrNoUtf8_refused() {
        assertThrows(InventoryColumns.BadRow.class, () -> InventoryColumns.decodeKey("a%2"));
        assertThrows(InventoryColumns.BadRow.class, () -> InventoryColumns.decodeKey("a%zz"));
        assertThrows(InventoryColumns.BadRow.class, () -> InventoryColumns.decodeKey("a%C3"));
        assertThrows(InventoryColumns.BadRow.class, () -> InventoryColumns.decodeKey("%FF%FE"));
    }
}
