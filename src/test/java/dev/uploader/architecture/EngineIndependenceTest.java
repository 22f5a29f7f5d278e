package dev.uploader.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One engine: it knows no front end, no command-line library and no SDK; the stores adapt to it. */
class EngineIndependenceTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.uploader");
    }

    @Test
    void engine_importsNoJavaFxCommandLineOrFrontEnd() {
        noClasses().that().resideInAPackage("dev.uploader.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "picocli..", "me.tongfei..", "org.jline..",
                        "dev.uploader.cli..", "dev.uploader.gui..", "dev.uploader.config..", "dev.uploader.storage..")
                .check(classes);
    }

    @Test
    void engine_importsNoStorageSdk() {
        noClasses().that().resideInAPackage("dev.uploader.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.aliyun..")
                .check(classes);
    }

    @Test
    void storageAndConfig_importNoFrontEnd() {
        noClasses().that().resideInAnyPackage("dev.uploader.storage..", "dev.uploader.config..", "dev.uploader.credentials..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "picocli..", "dev.uploader.cli..", "dev.uploader.gui..")
                .check(classes);
    }

    @Test
    void s3Protocol_importsNoSdk_soTheSourceAndTheContractAreTheSameForBothClients() {
        noClasses().that().resideInAPackage("dev.uploader.storage.s3")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..")
                .check(classes);
    }

    @Test
    void ownHttpClient_usesNoSdkButItsCredentialProviders() {
        noClasses().that().resideInAPackage("dev.uploader.storage.http..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk.services..", "software.amazon.awssdk.core..",
                        "software.amazon.awssdk.awscore..", "software.amazon.awssdk.http..", "dev.uploader.storage.s3.sdk..")
                .check(classes);
    }

    @Test
    void history_importsNoJavaFxSdkNorFrontEnd_theAppAndTheCommandLineShareIt() {
        noClasses().that().resideInAPackage("dev.uploader.history..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "picocli..", "software.amazon..", "com.aliyun..",
                        "dev.uploader.cli..", "dev.uploader.gui..", "dev.uploader.storage..")
                .check(classes);
    }

    @Test
    void cluster_importsNoSdkNorFrontEnd_theQueueIsAPort() {
        noClasses().that().resideInAnyPackage("dev.uploader.cluster..", "dev.uploader.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.aliyun..", "javafx..", "picocli..",
                        "dev.uploader.cli..", "dev.uploader.gui..", "dev.uploader.storage.sqs..", "dev.uploader.storage.s3..")
                .check(classes);
    }

    @Test
    void i18n_importsNoJavaFxNorFrontEnd_theCommandLineUsesItWithoutLoadingJavaFx() {
        noClasses().that().resideInAPackage("dev.uploader.i18n..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "picocli..", "dev.uploader.cli..", "dev.uploader.gui..")
                .check(classes);
    }

    /** One job flow: the command line and the window drive the job runner; neither runs a job or a watch itself. */
    @Test
    void frontEnds_runJobsOnlyThroughTheJobRunner() {
        noClasses().that().resideInAnyPackage("dev.uploader.cli..", "dev.uploader.gui..")
                .should().callMethod(dev.uploader.engine.UploadJob.class, "run")
                .orShould().callMethod(dev.uploader.engine.UploadJob.class, "checkAccess")
                .orShould().callMethod(dev.uploader.engine.UploadJob.class, "unfinishedUploads")
                .orShould().callConstructor(dev.uploader.engine.watch.FolderWatch.class, java.nio.file.Path.class, String.class,
                        dev.uploader.engine.UploadJob.class, dev.uploader.engine.watch.FolderWatch.Settings.class,
                        dev.uploader.engine.ProgressListener.class, dev.uploader.engine.watch.WatchListener.class)
                .because("the plan, the unfinished uploads and the run sequence live in dev.uploader.run.JobRunner")
                .check(classes);
    }
}
