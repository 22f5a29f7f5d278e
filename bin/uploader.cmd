@echo off
rem Runs the built app (target\uploader.jar) with the JVM options the installed launchers use (see bin/uploader).
java -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput "-XX:CompilerDirectivesFile=%~dp0..\packaging\jit-directives.json" -XX:Tier4InvocationThreshold=300 -XX:Tier4MinInvocationThreshold=100 -XX:Tier4CompileThreshold=500 -XX:Tier4BackEdgeThreshold=3000 -XX:+UseSerialGC -Xms32m -Dfile.encoding=UTF-8 %UPLOADER_JAVA_OPTS% -jar "%~dp0..\target\uploader.jar" %*
