package dev.uploader.gui;

import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableColumn;

/** A table column of text computed from the row, titled in the window's language: the tabs' tables are made of them. */
public final class TextColumns {
    private TextColumns() {
    }

    public static <T> TableColumn<T, String> of(ResourceBundle texts, String key, Function<T, String> value, double width) {
        TableColumn<T, String> c = new TableColumn<>(texts.getString(key));
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
