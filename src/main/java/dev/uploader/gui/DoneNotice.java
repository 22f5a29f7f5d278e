package dev.uploader.gui;

import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notice that a long transfer ended: a message of the system tray where the desktop has one (seen when the window
 * is behind others), else a ControlsFX notification in the window's corner. UI thread.
 */
final class DoneNotice {
    private static final Logger LOG = LoggerFactory.getLogger(DoneNotice.class);
    private java.awt.TrayIcon tray;
    private boolean trayTried;

    private final java.util.concurrent.Executor background;

    /** @param background where the system tray is tried: loading AWT would hold the UI thread for a moment */
    DoneNotice(java.util.concurrent.Executor background) {
        this.background = background;
    }

    /** Shows the notice; called on the UI thread, returns at once. */
    void show(Stage owner, String title, String text, boolean failed) {
        LOG.info("{}: {}", title, text.replace('\n', ' '));
        background.execute(() -> {
            if (!showInTray(title, text, failed)) {
                javafx.application.Platform.runLater(() -> showInWindow(owner, title, text, failed));
            }
        });
    }

    private void showInWindow(Stage owner, String title, String text, boolean failed) {
        Notifications n = Notifications.create().title(title).text(text).hideAfter(Duration.seconds(15));
        if (owner != null && owner.isShowing()) {
            n.owner(owner);
        }
        if (failed) {
            n.showWarning();
        } else {
            n.showInformation();
        }
    }

    /** True when the system tray took the message; AWT is loaded only for this, and only where a tray can be. */
    private synchronized boolean showInTray(String title, String text, boolean failed) {
        try {
            if (java.awt.GraphicsEnvironment.isHeadless()) {
                return false;
            }
            if (!trayTried) {
                trayTried = true;
                if (!java.awt.SystemTray.isSupported()) {
                    return false;
                }
                java.awt.Image image = java.awt.Toolkit.getDefaultToolkit().getImage(DoneNotice.class.getResource("/icons/uploader.png"));
                tray = new java.awt.TrayIcon(image, "uploader");
                tray.setImageAutoSize(true);
                java.awt.SystemTray.getSystemTray().add(tray);
            }
            if (tray == null) {
                return false;
            }
            tray.displayMessage(title, text, failed ? java.awt.TrayIcon.MessageType.WARNING : java.awt.TrayIcon.MessageType.INFO);
            return true;
        } catch (RuntimeException | java.awt.AWTException | Error e) {
            LOG.info("no system tray for the notice ({}); shown in the window", e.toString());
            tray = null;
            return false;
        }
    }

    /** Takes the icon out of the system tray (the app closes). */
    synchronized void close() {
        if (tray != null) {
            try {
                java.awt.SystemTray.getSystemTray().remove(tray);
            } catch (RuntimeException e) {
                LOG.debug("cannot remove the tray icon: {}", e.toString());
            }
            tray = null;
        }
    }
}
