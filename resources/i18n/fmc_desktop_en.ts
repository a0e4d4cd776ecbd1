<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CallbacksView</name>
    <message numerus="yes">
        <location filename="../../fmc_desktop/ui/history/callbacks_view.py" line="+140"/>
        <source>%n missed call(s) from %1</source>
        <translation>
            <numerusform>%n missed call from %1</numerusform>
            <numerusform>%n missed calls from %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DesktopApp</name>
    <message numerus="yes">
        <location filename="../../fmc_desktop/ui/shell/app.py" line="+447"/>
        <source>%n missed call(s)</source>
        <translation>
            <numerusform>%n missed call</numerusform>
            <numerusform>%n missed calls</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Insights</name>
    <message numerus="yes">
        <location filename="../../fmc_desktop/ui/insights/wording.py" line="+30"/>
        <source>%Ln call(s)</source>
        <translation>
            <numerusform>%Ln call</numerusform>
            <numerusform>%Ln calls</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>and %Ln more department(s)</source>
        <translation>
            <numerusform>and %Ln more department</numerusform>
            <numerusform>and %Ln more departments</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../fmc_desktop/ui/shell/main_window.py" line="+370"/>
        <source>%n call(s)</source>
        <translation>
            <numerusform>%n call</numerusform>
            <numerusform>%n calls</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+128"/>
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+258"/>
        <source>Exported %n call(s).</source>
        <translation>
            <numerusform>Exported %n call.</numerusform>
            <numerusform>Exported %n calls.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message numerus="yes">
        <location filename="../../fmc_desktop/ui/shell/sync_status.py" line="+97"/>
        <source>%n new call(s)</source>
        <translation>
            <numerusform>%n new call</numerusform>
            <numerusform>%n new calls</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message numerus="yes">
        <location filename="../../fmc_desktop/ui/dialing/tray.py" line="+412"/>
        <source>%n calls to return</source>
        <translation>
            <numerusform>%n call to return</numerusform>
            <numerusform>%n calls to return</numerusform>
        </translation>
    </message>
</context>
</TS>
