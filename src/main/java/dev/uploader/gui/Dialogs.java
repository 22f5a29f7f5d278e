package dev.uploader.gui;

import dev.uploader.run.UnfinishedChoice;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.UnfinishedSummary;
import dev.uploader.format.Sizes;
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

/** The app's dialogs: CLEAN or resume, the unfinished uploads list, credential setup. */
final class Dialogs {
    static final ButtonType RESUME = new ButtonType("Resume", ButtonBar.ButtonData.OK_DONE);
    static final ButtonType CLEAN = new ButtonType("CLEAN and restart", ButtonBar.ButtonData.OTHER);
    static final ButtonType CANCEL = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);

    private Dialogs() {
    }

    /** Asks on the FX thread and waits for the answer; Resume is the default button. */
    static UnfinishedPrompt unfinishedPrompt(Window owner) {
        return (destination, summary) -> {
            CompletableFuture<UnfinishedChoice> answer = new CompletableFuture<>();
            Platform.runLater(() -> {
                Alert alert = new Alert(Alert.AlertType.CONFIRMATION, describe(destination, summary), RESUME, CLEAN, CANCEL);
                alert.initOwner(owner);
                alert.setTitle("Unfinished uploads");
                alert.setHeaderText(summary.count() + " unfinished upload(s) under " + destination);
                alert.getDialogPane().setId("unfinishedDialog");
                ((Button) alert.getDialogPane().lookupButton(RESUME)).setDefaultButton(true);
                ButtonType chosen = alert.showAndWait().orElse(CANCEL);
                answer.complete(chosen == RESUME ? UnfinishedChoice.RESUME : chosen == CLEAN ? UnfinishedChoice.CLEAN : UnfinishedChoice.CANCEL);
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

    static String describe(String destination, UnfinishedSummary s) {
        String size = Sizes.bytes(s.bytes()) + (s.measured() < s.count() ? " in the first " + s.measured() : "");
        String age = s.oldest() == null ? "" : "; the oldest was started " + ago(s.oldest()) + " ago (" + s.oldest() + ")";
        return "Their parts hold " + size + age + ".\n\n"
                + "Resume: continue them; a part is reused only where it matches the source.\n"
                + "CLEAN and restart: abort them all under " + destination + " and upload afresh.\n"
                + "Cancel: do nothing now.";
    }

    private static String ago(Instant then) {
        Duration d = Duration.between(then, Instant.now());
        if (d.toDays() > 0) {
            return d.toDays() + " day(s)";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " hour(s)";
        }
        return Math.max(0, d.toMinutes()) + " minute(s)";
    }

    /** Tools > Unfinished uploads. */
    static void unfinishedUploads(Window owner, UnfinishedUploadsViewModel model) {
        TableView<PendingUpload> table = new TableView<>(model.uploads);
        table.setId("unfinishedTable");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        TableColumn<PendingUpload, String> key = new TableColumn<>("Key");
        key.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().key()));
        key.setPrefWidth(360);
        TableColumn<PendingUpload, String> started = new TableColumn<>("Started");
        started.setCellValueFactory(c -> new ReadOnlyStringWrapper(String.valueOf(c.getValue().initiated())));
        started.setPrefWidth(200);
        TableColumn<PendingUpload, String> id = new TableColumn<>("Upload id");
        id.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().uploadId()));
        id.setPrefWidth(160);
        table.getColumns().add(key);
        table.getColumns().add(started);
        table.getColumns().add(id);
        table.setPlaceholder(new Label("No unfinished upload"));
        Label message = new Label();
        message.textProperty().bind(model.message);
        message.setWrapText(true);
        Button clean = new Button("CLEAN selected");
        clean.setId("cleanSelected");
        clean.setOnAction(e -> model.clean(table.getSelectionModel().getSelectedItems()));
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> model.refresh());
        VBox content = new VBox(8, new Label("Unfinished multipart uploads under " + model.where()
                + " (they are billed until completed or aborted):"), table, new javafx.scene.layout.HBox(8, clean, refresh), message);
        content.setPrefSize(780, 420);
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Unfinished uploads");
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        model.refresh();
        dialog.show();
    }

    /** The credential setup dialog; Save writes the profile and closes, Cancel closes. */
    static Dialog<Boolean> credentials(Window owner, CredentialsViewModel model) {
        FXMLLoader loader = new FXMLLoader(Dialogs.class.getResource("/fxml/credentials.fxml"));
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
        dialog.setTitle("Credentials");
        dialog.getDialogPane().setId("credentialsDialog");
        dialog.getDialogPane().setContent(content);
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);
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
