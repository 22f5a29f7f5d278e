package dev.uploader.gui;

import dev.uploader.engine.ObjectKeys;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.TransferException;
import dev.uploader.i18n.Texts;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.UnfinishedUploads;
import dev.uploader.storage.s3.S3Bucket;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Tools > Unfinished uploads: the unfinished uploads under the destination bucket and prefix, and cleaning chosen ones. */
public final class UnfinishedUploadsViewModel {
    public final ObservableList<PendingUpload> uploads = FXCollections.observableArrayList();
    public final StringProperty message = new SimpleStringProperty("");

    private final MainViewModel main;
    private final S3ClientFactory clients;
    private final Executor background;
    private final Executor ui;
    private final Texts texts;

    /** @param texts the dialog's language; the store's own words in errors stay English */
    public UnfinishedUploadsViewModel(MainViewModel main, S3ClientFactory clients, Executor background, Executor ui, Texts texts) {
        this.main = main;
        this.clients = clients;
        this.background = background;
        this.ui = ui;
        this.texts = texts;
    }

    /** In English: the call of the window as it is until it passes its language. */
    public UnfinishedUploadsViewModel(MainViewModel main, S3ClientFactory clients, Executor background, Executor ui) {
        this(main, clients, background, ui, Texts.english());
    }

    public String where() {
        String prefix = ObjectKeys.normalizePrefix(main.desPrefix.get());
        return "s3://" + main.desBucket.get().trim() + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    public void refresh() {
        if (main.desBucket.get().isBlank()) {
            message.set(texts.text("unfinished.noBucket"));
            return;
        }
        message.set(texts.text("unfinished.listing", where()));
        background.execute(() -> {
            try (S3Bucket store = store()) {
                List<PendingUpload> found = new UnfinishedUploads(store).under(main.desPrefix.get());
                ui.execute(() -> {
                    uploads.setAll(found);
                    message.set(texts.text("unfinished.found", found.size(), where()));
                });
            } catch (TransferException e) {
                ui.execute(() -> message.set(MainViewModel.words(e)));
            }
        });
    }

    /** Aborts the chosen uploads, then lists again. */
    public void clean(List<PendingUpload> chosen) {
        List<PendingUpload> targets = List.copyOf(chosen);
        if (targets.isEmpty()) {
            message.set(texts.text("unfinished.selectFirst"));
            return;
        }
        background.execute(() -> {
            int aborted = 0;
            String failure = null;
            try (S3Bucket store = store()) {
                UnfinishedUploads.Cleaned cleaned = new UnfinishedUploads(store).clean(targets);
                aborted = cleaned.aborted();
                failure = cleaned.failure();
            } catch (TransferException e) {
                failure = MainViewModel.words(e);
            }
            int done = aborted;
            String problem = failure;
            ui.execute(() -> message.set(problem == null ? texts.text("unfinished.cleaned", done, targets.size())
                    : texts.text("unfinished.cleaned.problem", done, targets.size(), problem)));
            refresh();
        });
    }

    private S3Bucket store() {
        return clients.openStore(main.destinationLocation(), main.desBucket.get().trim(), 2);
    }
}
