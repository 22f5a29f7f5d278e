package dev.uploader.storage.http;

import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;

/** Run in a JVM of its own by {@link HttpConnectionsSelectorProviderTest}: prints the provider, then whether channels and selectors still work together. */
public final class SelectorProviderProbe {
    private SelectorProviderProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(SelectorProvider.provider().getClass().getName());
        try (Selector selector = Selector.open(); SocketChannel channel = SocketChannel.open()) {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_CONNECT);
            System.out.println("registered");
        }
    }
}
