package dev.uploader.storage.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.config.ConfigException;
import org.junit.jupiter.api.Test;

class InventoryLocationTest {

    @Test
    void parse_manifestAddress_bucketAndKey() {
        InventoryLocation location = InventoryListing.parse("s3://inv-bucket/prefix/src/daily/2026-11-30T00-00Z/manifest.json");

        assertEquals(new InventoryLocation("inv-bucket", "prefix/src/daily/2026-11-30T00-00Z/manifest.json"), location);
        assertEquals("prefix/src/daily/2026-11-30T00-00Z/manifest.checksum", location.checksumKey());
    }

    @Test
    void parse_manifestAtTheTopOfTheBucket_keyIsTheName() {
        assertEquals(new InventoryLocation("b", "manifest.json"), InventoryListing.parse(" S3://b/manifest.json "));
        assertEquals("manifest.checksum", new InventoryLocation("b", "manifest.json").checksumKey());
    }

    @Test
    void parse_notS3_configExceptionSayingWhatIsExpected() {
        ConfigException e = assertThrows(ConfigException.class, () -> InventoryListing.parse("https://b/x/manifest.json"));

        assertTrue(e.getMessage().contains("is no s3:// address") && e.getMessage().contains("manifest.json"), e.getMessage());
    }

    @Test
    void parse_noBucket_configException() {
        ConfigException e = assertThrows(ConfigException.class, () -> InventoryListing.parse("s3:///x/manifest.json"));

        assertTrue(e.getMessage().contains("names no bucket"), e.getMessage());
    }

    @Test
    void parse_folderOrOtherFile_configExceptionAskingForTheManifest() {
        for (String uri : new String[] {"s3://b", "s3://b/", "s3://b/inv/2026-11-30T00-00Z/", "s3://b/inv/manifest.checksum",
                "s3://b/inv/old-manifest.json"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> InventoryListing.parse(uri), uri);
            assertTrue(e.getMessage().contains("does not end in /manifest.json"), e.getMessage());
        }
    }

    @Test
    void parse_nothing_configException() {
        assertThrows(ConfigException.class, () -> InventoryListing.parse(" "));
        assertThrows(ConfigException.class, () -> InventoryListing.parse(null));
    }
}
