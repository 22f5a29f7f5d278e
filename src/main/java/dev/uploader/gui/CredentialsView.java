package dev.uploader.gui;

import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;

/** Binds credentials.fxml to the {@link CredentialsViewModel}. */
public final class CredentialsView {
    private final CredentialsViewModel model;

    @FXML private TextField profile;
    @FXML private TextField accessKeyId;
    @FXML private TextField secretAccessKey;
    @FXML private TextField region;
    @FXML private TextField endpoint;
    @FXML private TextField ossAccessKeyId;
    @FXML private TextField ossAccessKeySecret;
    @FXML private Label result;

    public CredentialsView(CredentialsViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        profile.textProperty().bindBidirectional(model.profile);
        accessKeyId.textProperty().bindBidirectional(model.accessKeyId);
        secretAccessKey.textProperty().bindBidirectional(model.secretAccessKey);
        region.textProperty().bindBidirectional(model.region);
        endpoint.textProperty().bindBidirectional(model.endpoint);
        ossAccessKeyId.textProperty().bindBidirectional(model.ossAccessKeyId);
        ossAccessKeySecret.textProperty().bindBidirectional(model.ossAccessKeySecret);
        result.textProperty().bind(model.result);
    }

    @FXML
    private void test() {
        model.testConnection();
    }
}
