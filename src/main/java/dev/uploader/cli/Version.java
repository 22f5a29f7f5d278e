package dev.uploader.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = UploadCommand.class.getPackage().getImplementationVersion();
        return new String[] {"uploader " + (v == null ? "(development build)" : v)};
    }
}
