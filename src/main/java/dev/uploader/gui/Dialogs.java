package dev.uploader.gui;

import dev.uploader.run.UnfinishedChoice;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.UnfinishedSummary;
import dev.uploader.format.Sizes;
import dev.uploader.i18n.Texts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The app's dialogs: CLEAN or resume, the unfinished uploads list, credential setup. Each takes the {@link Texts} of the
 * app's language; the overloads without one are English, for the window's calls until it passes its language.
 */
final class Dialogs {
    private Dialogs() {
    }

    static UnfinishedPrompt unfinishedPrompt(Window owner) {
        return unfinishedPrompt(owner, Texts.english());
    }

    /** Asks on the FX thread and waits for the answer; Resume is the default button. */
    static UnfinishedPrompt unfinishedPrompt(Window owner, Texts texts) {
        return (destination, summary) -> {
            CompletableFuture<UnfinishedChoice> answer = new CompletableFuture<>();
            Platform.runLater(() -> {
                ButtonType resume = new ButtonType(texts.text("dialog.unfinished.resume"), ButtonBar.ButtonData.OK_DONE);
                ButtonType clean = new ButtonType(texts.text("dialog.unfinished.clean"), ButtonBar.ButtonData.OTHER);
                ButtonType cancel = new ButtonType(texts.text("dialog.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
                Alert alert = new Alert(Alert.AlertType.CONFIRMATION, describe(texts, destination, summary), resume, clean, cancel);
                alert.initOwner(owner);
                alert.setTitle(texts.text("dialog.unfinished.title"));
                alert.setHeaderText(texts.text("dialog.unfinished.header", summary.count(), destination));
                alert.getDialogPane().setId("unfinishedDialog");
                ((Button) alert.getDialogPane().lookupButton(resume)).setDefaultButton(true);
                ButtonType chosen = alert.showAndWait().orElse(cancel);
                answer.complete(chosen == resume ? UnfinishedChoice.RESUME : chosen == clean ? UnfinishedChoice.CLEAN : UnfinishedChoice.CANCEL);
            });
            try {
                return answer.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return UnfinishedChoice.CANCEL;
            } catch (ExecutionException e) {
                return UnfinishedChoice.CANCEL;
            }
        };
    }

    static String describe(Texts texts, String destination, UnfinishedSummary s) {
        String size = s.measured() < s.count() ? texts.text("dialog.unfinished.size.measured", Sizes.bytes(s.bytes()), s.measured())
                : Sizes.bytes(s.bytes());
        return (s.oldest() == null ? texts.text("dialog.unfinished.parts", size)
                : texts.text("dialog.unfinished.parts.oldest", size, ago(texts, s.oldest()), s.oldest()))
                + "\n\n" + texts.text("dialog.unfinished.explainResume")
                + "\n" + texts.text("dialog.unfinished.explainClean", destination)
                + "\n" + texts.text("dialog.unfinished.explainCancel");
    }

    private static String ago(Texts texts, Instant then) {
        Duration d = Duration.between(then, Instant.now());
        if (d.toDays() > 0) {
            return texts.text("dialog.ago.days", d.toDays());
        }
        if (d.toHours() > 0) {
            return texts.text("dialog.ago.hours", d.toHours());
        }
        return texts.text("dialog.ago.minutes", Math.max(0, d.toMinutes()));
    }

    static void unfinishedUploads(Window owner, UnfinishedUploadsViewModel model) {
        unfinishedUploads(owner, model, Texts.english());
    }

    /** Tools > Unfinished uploads. */
    static void unfinishedUploads(Window owner, UnfinishedUploadsViewModel model, Texts texts) {
        TableView<PendingUpload> table = new TableView<>(model.uploads);
        table.setId("unfinishedTable");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        TableColumn<PendingUpload, String> key = new TableColumn<>(texts.text("dialog.unfinishedList.key"));
        key.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().key()));
        key.setPrefWidth(360);
        TableColumn<PendingUpload, String> started = new TableColumn<>(texts.text("dialog.unfinishedList.started"));
        started.setCellValueFactory(c -> new ReadOnlyStringWrapper(String.valueOf(c.getValue().initiated())));
        started.setPrefWidth(200);
        TableColumn<PendingUpload, String> id = new TableColumn<>(texts.text("dialog.unfinishedList.uploadId"));
        id.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().uploadId()));
        id.setPrefWidth(160);
        table.getColumns().add(key);
        table.getColumns().add(started);
        table.getColumns().add(id);
        table.setPlaceholder(new Label(texts.text("dialog.unfinishedList.none")));
        Label message = new Label();
        message.textProperty().bind(model.message);
        message.setWrapText(true);
        Button clean = new Button(texts.text("dialog.unfinishedList.clean"));
        clean.setId("cleanSelected");
        clean.setOnAction(e -> model.clean(table.getSelectionModel().getSelectedItems()));
        Button refresh = new Button(texts.text("dialog.unfinishedList.refresh"));
        refresh.setOnAction(e -> model.refresh());
        VBox content = new VBox(8, new Label(texts.text("dialog.unfinishedList.intro", model.where())), table,
                new javafx.scene.layout.HBox(8, clean, refresh), message);
        content.setPrefSize(780, 420);
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(texts.text("dialog.unfinished.title"));
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().add(new ButtonType(texts.text("dialog.close"), ButtonBar.ButtonData.CANCEL_CLOSE));
        model.refresh();
        dialog.show();
    }

    static Dialog<Boolean> credentials(Window owner, CredentialsViewModel model) {
        return credentials(owner, model, Texts.english());
    }

    /** The credential setup dialog; Save writes the profile and closes, Cancel closes. */
    static Dialog<Boolean> credentials(Window owner, CredentialsViewModel model, Texts texts) {
        FXMLLoader loader = new FXMLLoader(Dialogs.class.getResource("/fxml/credentials.fxml"), texts.bundle());
        loader.setControllerFactory(c -> new CredentialsView(model));
        Parent content;
        try {
            content = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Dialog<Boolean> dialog = new Dialog<>();
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle(texts.text("dialog.credentials.title"));
        dialog.getDialogPane().setId("credentialsDialog");
        dialog.getDialogPane().setContent(content);
        ButtonType save = new ButtonType(texts.text("dialog.credentials.save"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, new ButtonType(texts.text("dialog.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE));
        Button saveButton = (Button) dialog.getDialogPane().lookupButton(save);
        saveButton.setId("saveCredentials");
        saveButton.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            if (!model.save()) {
                e.consume(); // stay open and show why
            }
        });
        dialog.setResultConverter(b -> b == save);
        return dialog;
    }
}
