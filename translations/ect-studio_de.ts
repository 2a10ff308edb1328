<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>LossChart</name>
    <message>
        <location filename="../widgets/loss_chart.cpp" line="26"/>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <location filename="../widgets/loss_chart.cpp" line="31"/>
        <source>smoothed</source>
        <translation>geglättet</translation>
    </message>
    <message>
        <location filename="../widgets/loss_chart.cpp" line="38"/>
        <location filename="../widgets/loss_chart.cpp" line="155"/>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../widgets/loss_chart.cpp" line="48"/>
        <source>FD</source>
        <translation>FD</translation>
    </message>
    <message>
        <location filename="../widgets/loss_chart.cpp" line="155"/>
        <source>thousands of images</source>
        <translation>Tausend Bilder</translation>
    </message>
    <message>
        <location filename="../widgets/loss_chart.cpp" line="247"/>
        <source>stage change</source>
        <translation>Stufenwechsel</translation>
    </message>
    <message>
        <location filename="../widgets/loss_chart.cpp" line="268"/>
        <source>FD %1</source>
        <translation>FD %1</translation>
    </message>
</context>
<context>
    <name>PlotAxis</name>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="162"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="162"/>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="162"/>
        <source>Mid levels</source>
        <translation>Zwischenstufen</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="163"/>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="163"/>
        <source>Sampler</source>
        <translation>Sampler</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="163"/>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="48"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="49"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="79"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="144"/>
        <source>Watch run</source>
        <translation>Lauf beobachten</translation>
    </message>
    <message>
        <location filename="../app/studio/ema_length.cpp" line="167"/>
        <source>EMA σ_rel %1</source>
        <translation>EMA σ_rel %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_worker.cpp" line="161"/>
        <source>%1 · %2 · NFE %3</source>
        <translation>%1 · %2 · NFE %3</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="45"/>
        <source>Inpaint: fill what the brush marks</source>
        <translation>Ergänzen: füllen, was der Pinsel markiert</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="46"/>
        <source>Super-resolution: detail from block means</source>
        <translation>Superauflösung: Details aus Blockmitteln</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="47"/>
        <source>Colorize: colour from grey (RGB models)</source>
        <translation>Einfärben: Farbe aus Grau (RGB-Modelle)</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="48"/>
        <source>Sketch: an image near the strokes</source>
        <translation>Skizze: ein Bild nahe den Strichen</translation>
    </message>
</context>
<context>
    <name>Sampler</name>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="141"/>
        <source>Consistency (ECT)</source>
        <translation>Konsistenz (ECT)</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="141"/>
        <source>EDM Heun</source>
        <translation>EDM Heun</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="142"/>
        <source>EDM Euler</source>
        <translation>EDM Euler</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="142"/>
        <source>ECT</source>
        <translation>ECT</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="143"/>
        <source>Heun</source>
        <translation>Heun</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="143"/>
        <source>Euler</source>
        <translation>Euler</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="144"/>
        <source>DPM-Solver++ (2M)</source>
        <translation>DPM-Solver++ (2M)</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="144"/>
        <source>DPM++</source>
        <translation>DPM++</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="155"/>
        <source>%1 1 step</source>
        <translation>%1 1 Schritt</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="156"/>
        <source>%1 %2 steps</source>
        <translation>%1 %2 Schritte</translation>
    </message>
</context>
<context>
    <name>SwipeView</name>
    <message>
        <location filename="../widgets/swipe_view.cpp" line="61"/>
        <source>Open a base and a consistency model to compare them.</source>
        <translation>Öffnen Sie ein Basis- und ein Konsistenzmodell, um sie zu vergleichen.</translation>
    </message>
</context>
<context>
    <name>objective</name>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="90"/>
        <source>ln σ mean</source>
        <translation>ln σ Mittelwert</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="90"/>
        <source>ln σ deviation</source>
        <translation>ln σ Standardabweichung</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="91"/>
        <source>Grid Heun steps</source>
        <translation>Heun-Schritte der Raster</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="91"/>
        <source>q (gap shrink)</source>
        <translation>q (Abstandsverkleinerung)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="92"/>
        <source>Stage length (kimg)</source>
        <translation>Stufenlänge (kimg)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="92"/>
        <source>k (mapping)</source>
        <translation>k (Abbildung)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="93"/>
        <source>b (mapping slope)</source>
        <translation>b (Steigung)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="93"/>
        <source>c (pseudo-Huber)</source>
        <translation>c (Pseudo-Huber)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="94"/>
        <source>Mapping</source>
        <translation>Abbildung</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="94"/>
        <source>Weighting</source>
        <translation>Gewichtung</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="95"/>
        <source>ln t mean</source>
        <translation>ln t Mittelwert</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="95"/>
        <source>ln t deviation</source>
        <translation>ln t Standardabweichung</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="96"/>
        <source>2-step mid level</source>
        <translation>Mitte bei 2 Schritten</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="96"/>
        <source>Teacher steps</source>
        <translation>Schritte des Lehrers</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="97"/>
        <source>Teacher order</source>
        <translation>Ordnung des Lehrers</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="97"/>
        <source>Distance</source>
        <translation>Abstand</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="98"/>
        <source>the default, 0.821</source>
        <translation>Standard, 0.821</translation>
    </message>
</context>
<context>
    <name>studio</name>
    <message>
        <location filename="../app/studio/guarded_application.cpp" line="23"/>
        <location filename="../app/studio/latest_job.h" line="133"/>
        <source>an unexpected error stopped the work</source>
        <translation>ein unerwarteter Fehler hat die Arbeit abgebrochen</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="44"/>
        <source>%1 · step %2</source>
        <translation>%1 · Schritt %2</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="55"/>
        <source>%1 classes</source>
        <translation>%1 Klassen</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="56"/>
        <source>unconditional</source>
        <translation>unbedingt</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="58"/>
        <source>%1 %2, %3, channels %4×[%5], %6 blocks per level</source>
        <translation>%1 %2, %3, Kanäle %4×[%5], %6 Blöcke je Ebene</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="64"/>
        <source>, attention at %1</source>
        <translation>, Attention bei %1</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="65"/>
        <source>, dropout %1</source>
        <translation>, Dropout %1</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="70"/>
        <source>CPU (%1 threads)</source>
        <translation>CPU (%1 Threads)</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="77"/>
        <source>diffusion model · %1</source>
        <translation>Diffusionsmodell · %1</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="78"/>
        <source>%1 · objective %2</source>
        <translation>%1 · Ziel %2</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="79"/>
        <source>diffusion</source>
        <translation>Diffusion</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="80"/>
        <source>consistency</source>
        <translation>Konsistenz</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="85"/>
        <source> · from %1</source>
        <translation> · aus %1</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="104"/>
        <source>%1 cannot be opened (%2).</source>
        <translation>%1 lässt sich nicht öffnen (%2).</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="106"/>
        <source>%1 is not a model file: ECT Studio opens .safetensors models and official .pkl snapshots.</source>
        <translation>%1 ist keine Modelldatei: ECT Studio öffnet .safetensors-Modelle und offizielle .pkl-Snapshots.</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="108"/>
        <source>%1 already holds a training run. Continue it with Resume run…, or choose another run folder.</source>
        <translation>%1 enthält bereits einen Trainingslauf. Setzen Sie ihn mit „Lauf fortsetzen…“ fort oder wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="109"/>
        <source>ECT tuning starts from a diffusion model: choose a base model.</source>
        <translation>ECT-Tuning beginnt mit einem Diffusionsmodell: wählen Sie ein Basismodell.</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="110"/>
        <source>%1 is not a training run folder (it has no config.json).</source>
        <translation>%1 ist kein Ordner eines Trainingslaufs (er enthält keine config.json).</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="111"/>
        <source>%1 holds no images (PNG, JPEG, TIFF, EXR, …).</source>
        <translation>%1 enthält keine Bilder (PNG, JPEG, TIFF, EXR, …).</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="112"/>
        <source>None of the %2 images in %1 could be read.</source>
        <translation>Keines der %2 Bilder in %1 ließ sich lesen.</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="114"/>
        <source>“%1” is not a list of levels: give numbers separated by commas, such as 2.7,0.7.</source>
        <translation>„%1“ ist keine Liste von Stufen: geben Sie Zahlen durch Kommas getrennt an, etwa 2.7,0.7.</translation>
    </message>
</context>
<context>
    <name>studio::BusyBar</name>
    <message>
        <location filename="../app/studio/busy_bar.cpp" line="20"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/studio/busy_bar.cpp" line="55"/>
        <source>%1 s left</source>
        <translation>noch %1 s</translation>
    </message>
</context>
<context>
    <name>studio::ComparePanel</name>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="82"/>
        <source>First seed</source>
        <translation>Erster Seed</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="83"/>
        <source>Seeds (rows)</source>
        <translation>Seeds (Zeilen)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="84"/>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="87"/>
        <source>EMA length</source>
        <translation>EMA-Länge</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="89"/>
        <source>Enlarged sample</source>
        <translation>Vergrößertes Bild</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="91"/>
        <location filename="../app/studio/compare_panel.cpp" line="95"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="92"/>
        <location filename="../app/studio/compare_panel.cpp" line="97"/>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="93"/>
        <source>Seed row</source>
        <translation>Seed-Zeile</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="99"/>
        <source>Swipe</source>
        <translation>Wischen</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="108"/>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="115"/>
        <source>FD table</source>
        <translation>FD-Tabelle</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="121"/>
        <source>Samples per column, seeds from the first seed on (fewer samples read higher: compare rows of one table)</source>
        <translation>Bilder pro Spalte, Seeds ab dem ersten Seed (weniger Bilder ergeben höhere Werte: Zeilen einer Tabelle vergleichen)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="124"/>
        <source>Real images to measure against: a dataset as the Training area names it (fashion-mnist:test, a folder, an EDM .zip)</source>
        <translation>Echte Bilder als Maßstab: ein Datensatz, wie ihn der Bereich Training nennt (fashion-mnist:test, ein Ordner, ein EDM-.zip)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="126"/>
        <source>Samples</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="127"/>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="128"/>
        <source>Measure FD</source>
        <translation>FD messen</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="129"/>
        <source>Copy table</source>
        <translation>Tabelle kopieren</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="136"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="136"/>
        <source>Sampler</source>
        <translation>Sampler</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="136"/>
        <source>NFE</source>
        <translation>NFE</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="136"/>
        <source>FD</source>
        <translation>FD</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="186"/>
        <source>Cannot compare: %1</source>
        <translation>Vergleich nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="205"/>
        <source>Cannot measure: %1</source>
        <translation>Messen nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="221"/>
        <source>Measuring %1 columns of %2 samples…</source>
        <translation>Messe %1 Spalten mit je %2 Bildern…</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="229"/>
        <source>Cancelled: the table shown is of an earlier measurement.</source>
        <translation>Abgebrochen: die gezeigte Tabelle stammt von einer früheren Messung.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="234"/>
        <source>Cancelled: the grid shown is of earlier settings.</source>
        <translation>Abgebrochen: das gezeigte Raster gehört zu früheren Einstellungen.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="328"/>
        <source>All classes in turn</source>
        <translation>Alle Klassen reihum</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="366"/>
        <source>FD of %1 samples per column (seeds %2…) against %3, in the bundled classifier&apos;s features.</source>
        <translation>FD von %1 Bildern pro Spalte (Seeds %2…) gegen %3, in den Merkmalen des mitgelieferten Klassifikators.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="447"/>
        <source>Comparing…</source>
        <translation>Vergleiche…</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="462"/>
        <source>&lt;tr&gt;&lt;td&gt;%1&lt;/td&gt;&lt;td align=right&gt;&amp;nbsp;%2 per image&lt;/td&gt;&lt;/tr&gt;</source>
        <translation>&lt;tr&gt;&lt;td&gt;%1&lt;/td&gt;&lt;td align=right&gt;&amp;nbsp;%2 pro Bild&lt;/td&gt;&lt;/tr&gt;</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="463"/>
        <source>&lt;b&gt;Measured on this machine&lt;/b&gt;&lt;table&gt;%1&lt;/table&gt;</source>
        <translation>&lt;b&gt;Auf diesem Rechner gemessen&lt;/b&gt;&lt;table&gt;%1&lt;/table&gt;</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="464"/>
        <source>Same noise in every column: seed %1 + row.</source>
        <translation>Gleiches Rauschen in jeder Spalte: Seed %1 + Zeile.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="514"/>
        <source>NFE %1</source>
        <translation>NFE %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="600"/>
        <source>These are not the Compare area&apos;s settings.</source>
        <translation>Dies sind keine Einstellungen des Vergleichs.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="516"/>
        <source>seed %1</source>
        <translation>Seed %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="67"/>
        <source>Samplers for every ticked model that fits them: heun N, euler N and dpm++ N sample diffusion models, cm K consistency models (cm 2@1.4 sets the mid level; 3 steps: cm 3@2.7/0.7)</source>
        <translation>Sampler für jedes gewählte Modell, zu dem sie passen: heun N, euler N und dpm++ N sampeln Diffusionsmodelle, cm K Konsistenzmodelle (cm 2@1.4 setzt die Zwischenstufe; 3 Schritte: cm 3@2.7/0.7)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="73"/>
        <source>The loaded models (File &gt; Add model to the list… loads more); ticked ones are compared, each a column per sampler of its kind</source>
        <translation>Die geladenen Modelle (Datei &gt; Modell zur Liste hinzufügen… lädt weitere); gewählte werden verglichen, je eine Spalte pro Sampler ihrer Art</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="85"/>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="86"/>
        <source>Samplers</source>
        <translation>Sampler</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="163"/>
        <source>Tick the models to compare (File &gt; Add model to the list… loads more).</source>
        <translation>Die zu vergleichenden Modelle wählen (Datei &gt; Modell zur Liste hinzufügen… lädt weitere).</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="212"/>
        <source>Load a model to measure.</source>
        <translation>Zum Messen ein Modell laden.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="420"/>
        <source>Check the samplers: %1</source>
        <translation>Sampler prüfen: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="424"/>
        <source>Tick at least one model to compare.</source>
        <translation>Mindestens ein Modell zum Vergleichen wählen.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="428"/>
        <source>None of the samplers fits the ticked models: heun, euler and dpm++ sample diffusion models, cm consistency models.</source>
        <translation>Keiner der Sampler passt zu den gewählten Modellen: heun, euler und dpm++ sampeln Diffusionsmodelle, cm Konsistenzmodelle.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="433"/>
        <source>%1 columns: untick a model or drop a sampler (at most %2).</source>
        <translation>%1 Spalten: ein Modell abwählen oder einen Sampler streichen (höchstens %2).</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="507"/>
        <source>%1, same noise</source>
        <translation>%1, gleiches Rauschen</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="508"/>
        <source>%1 models, same noise: %2</source>
        <translation>%1 Modelle, gleiches Rauschen: %2</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="517"/>
        <source>model · sampler · NFE · time per image</source>
        <translation>Modell · Sampler · NFE · Zeit pro Bild</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="518"/>
        <source>seed</source>
        <translation>Seed</translation>
    </message>
</context>
<context>
    <name>studio::EditPanel</name>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="105"/>
        <source>Consistency model</source>
        <translation>Konsistenzmodell</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="106"/>
        <source>Base model (Heun)</source>
        <translation>Basismodell (Heun)</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="107"/>
        <source>Both, side by side</source>
        <translation>Beide nebeneinander</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="108"/>
        <source>The consistency model&apos;s results above the base model&apos;s (Heun) for the same edit and seeds</source>
        <translation>Die Ergebnisse des Konsistenzmodells über denen des Basismodells (Heun), gleiche Bearbeitung und Seeds</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="110"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="113"/>
        <source>A Fashion-MNIST test image (resized to the model&apos;s size)</source>
        <translation>Ein Fashion-MNIST-Testbild (auf die Größe des Modells gebracht)</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="114"/>
        <source>Open image…</source>
        <translation>Bild öffnen…</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="118"/>
        <source>Test image</source>
        <translation>Testbild</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="128"/>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="131"/>
        <source>Super-resolution from images this many times smaller (it must divide the size)</source>
        <translation>Superauflösung aus so viel mal kleineren Bildern (muss die Größe teilen)</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="132"/>
        <source>Factor</source>
        <translation>Faktor</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="136"/>
        <source>Evaluations</source>
        <translation>Auswertungen</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="138"/>
        <source>Decreasing levels, one evaluation each (empty: the model&apos;s defaults)</source>
        <translation>Fallende Stufen, je eine Auswertung (leer: die Vorgaben des Modells)</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="139"/>
        <source>Levels</source>
        <translation>Stufen</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="143"/>
        <source>Heun steps</source>
        <translation>Heun-Schritte</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="146"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="150"/>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="152"/>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="156"/>
        <source>Brush radius in image pixels</source>
        <translation>Pinselradius in Bildpixeln</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="157"/>
        <source>Eraser</source>
        <translation>Radierer</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="161"/>
        <source>Brush</source>
        <translation>Pinsel</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="162"/>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="163"/>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="177"/>
        <source>Load a consistency model to edit</source>
        <translation>Zum Bearbeiten ein Konsistenzmodell laden</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="222"/>
        <source>Cannot edit: %1</source>
        <translation>Bearbeiten nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="234"/>
        <source>Open an image to edit</source>
        <translation>Ein Bild zum Bearbeiten öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="235"/>
        <source>Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="248"/>
        <source>A drawing on a black canvas</source>
        <translation>Eine Zeichnung auf schwarzem Grund</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="290"/>
        <source>From the image</source>
        <translation>Aus dem Bild</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="302"/>
        <location filename="../app/studio/edit_panel.cpp" line="423"/>
        <source>Load this kind of model to edit with it.</source>
        <translation>Ein Modell dieser Art laden, um damit zu bearbeiten.</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="342"/>
        <source>Cannot read the test images: %1</source>
        <translation>Die Testbilder lassen sich nicht lesen: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="348"/>
        <source>Fashion-MNIST test image %1</source>
        <translation>Fashion-MNIST-Testbild %1</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="356"/>
        <location filename="../app/studio/edit_panel.cpp" line="372"/>
        <source>Load a model first: the image is resized to its size.</source>
        <translation>Zuerst ein Modell laden: das Bild wird auf seine Größe gebracht.</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="383"/>
        <source>Cannot open the image: %1</source>
        <translation>Das Bild lässt sich nicht öffnen: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="429"/>
        <source>Load a base model to edit with it beside the consistency model.</source>
        <translation>Laden Sie ein Basismodell, um damit neben dem Konsistenzmodell zu bearbeiten.</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="436"/>
        <source>The two models make different images (size, channels or classes): edit with one at a time.</source>
        <translation>Die beiden Modelle erzeugen verschiedene Bilder (Größe, Kanäle oder Klassen): bearbeiten Sie mit einem nach dem anderen.</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="463"/>
        <source>Check the settings: %1</source>
        <translation>Einstellungen prüfen: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="487"/>
        <source>Editing…</source>
        <translation>Bearbeite…</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="510"/>
        <location filename="../app/studio/edit_panel.cpp" line="574"/>
        <source>NFE %1</source>
        <translation>NFE %1</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="510"/>
        <location filename="../app/studio/edit_panel.cpp" line="574"/>
        <source>Heun NFE %1</source>
        <translation>Heun NFE %1</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="512"/>
        <source>%1 (above) beside %2 (below, Heun): the same edit and seeds</source>
        <translation>%1 (oben) neben %2 (unten, Heun): gleiche Bearbeitung und Seeds</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="517"/>
        <source>%1, Heun NFE %2</source>
        <translation>%1, Heun NFE %2</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="518"/>
        <source>%1, NFE %2</source>
        <translation>%1, NFE %2</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="519"/>
        <source>%1, seed %2</source>
        <translation>%1, Seed %2</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="521"/>
        <source>%1 · NFE %2 beside Heun NFE %3 · %4 ms per pair of results</source>
        <translation>%1 · NFE %2 neben Heun NFE %3 · %4 ms je Ergebnispaar</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="529"/>
        <source>What the edit keeps, then seed %1</source>
        <translation>Was die Bearbeitung behält, dann Seed %1</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="530"/>
        <source>What the edit keeps, then seeds %1–%2</source>
        <translation>Was die Bearbeitung behält, dann Seeds %1–%2</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="519"/>
        <location filename="../app/studio/edit_panel.cpp" line="531"/>
        <source>What the edit keeps</source>
        <translation>Was die Bearbeitung behält</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="509"/>
        <location filename="../app/studio/edit_panel.cpp" line="531"/>
        <location filename="../app/studio/edit_panel.cpp" line="562"/>
        <source>seed %1</source>
        <translation>Seed %1</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="532"/>
        <source>%1 · NFE %2 · %3 ms per result</source>
        <translation>%1 · NFE %2 · %3 ms pro Ergebnis</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="559"/>
        <source>input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="560"/>
        <source>mask</source>
        <translation>Maske</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="508"/>
        <location filename="../app/studio/edit_panel.cpp" line="561"/>
        <source>kept</source>
        <translation>behalten</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="575"/>
        <source>%1 with %2 (NFE %3) and %4 (Heun, NFE %5)</source>
        <translation>%1 mit %2 (NFE %3) und %4 (Heun, NFE %5)</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="581"/>
        <source>%1 with %2, NFE %3</source>
        <translation>%1 mit %2, NFE %3</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="622"/>
        <source>These are not the Edit area&apos;s settings.</source>
        <translation>Dies sind keine Einstellungen des Bereichs Bearbeiten.</translation>
    </message>
</context>
<context>
    <name>studio::EmaLengthControl</name>
    <message>
        <location filename="../app/studio/ema_length.cpp" line="65"/>
        <source>Which average of the weights the samples come from, chosen after training: the run&apos;s own EMA (as trained), or a power-function EMA of relative length σ_rel reconstructed from the run&apos;s snapshots (EDM2&apos;s post-hoc EMA). Short averages follow the last steps, long ones smooth more.</source>
        <translation>Aus welchem Mittel der Gewichte die Bilder stammen, gewählt nach dem Training: das EMA des Laufs (wie trainiert) oder ein Potenzfunktions-EMA der relativen Länge σ_rel, aus den Snapshots des Laufs rekonstruiert (Post-hoc-EMA von EDM2). Kurze Mittel folgen den letzten Schritten, lange glätten mehr.</translation>
    </message>
    <message>
        <location filename="../app/studio/ema_length.cpp" line="105"/>
        <source>As trained</source>
        <translation>Wie trainiert</translation>
    </message>
    <message>
        <location filename="../app/studio/ema_length.cpp" line="109"/>
        <source>Power-function EMA snapshots of this run: %1, up to %2 images</source>
        <translation>Potenzfunktions-EMA-Snapshots dieses Laufs: %1, bis %2 Bilder</translation>
    </message>
</context>
<context>
    <name>studio::GuardedApplication</name>
    <message>
        <location filename="../app/studio/guarded_application.cpp" line="49"/>
        <source>ECT Studio</source>
        <translation>ECT Studio</translation>
    </message>
    <message>
        <location filename="../app/studio/guarded_application.cpp" line="50"/>
        <source>Something went wrong, and the action was stopped; your models and runs are untouched.

%1</source>
        <translation>Etwas ist schiefgegangen, und die Aktion wurde abgebrochen; Ihre Modelle und Läufe sind unverändert.

%1</translation>
    </message>
</context>
<context>
    <name>studio::MainWindow</name>
    <message>
        <location filename="../app/studio/main_window.cpp" line="122"/>
        <source>ECT Studio</source>
        <translation>ECT Studio</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="129"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="143"/>
        <source>Open base model…</source>
        <translation>Basismodell öffnen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="144"/>
        <source>Open consistency model…</source>
        <translation>Konsistenzmodell öffnen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="152"/>
        <source>&lt;b&gt;Loaded models&lt;/b&gt;</source>
        <translation>&lt;b&gt;Geladene Modelle&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="158"/>
        <source>Add model…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="159"/>
        <location filename="../app/studio/main_window.cpp" line="249"/>
        <source>Load another model for Compare, keeping the base and consistency models</source>
        <translation>Ein weiteres Modell für den Vergleich laden; Basis- und Konsistenzmodell bleiben</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="160"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="168"/>
        <source>Choose dataset folder…</source>
        <translation>Datensatz-Ordner wählen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="171"/>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="242"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="243"/>
        <source>Open &amp;consistency model…</source>
        <translation>&amp;Konsistenzmodell öffnen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="246"/>
        <source>Open &amp;base model…</source>
        <translation>&amp;Basismodell öffnen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="247"/>
        <source>Ctrl+B</source>
        <translation>Ctrl+B</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="248"/>
        <source>&amp;Add model to the list…</source>
        <translation>Modell zur Liste &amp;hinzufügen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="250"/>
        <source>Open settings from &amp;image…</source>
        <translation>Einstellungen aus &amp;Bild öffnen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="251"/>
        <source>Open settings from an exported image</source>
        <translation>Einstellungen aus einem exportierten Bild öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="253"/>
        <source>Images (*.png *.jpg *.jpeg *.tif *.tiff *.exr)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.tif *.tiff *.exr)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="256"/>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="257"/>
        <source>Choose &amp;dataset folder…</source>
        <translation>&amp;Datensatz-Ordner wählen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="258"/>
        <source>&amp;Save model as</source>
        <translation>Modell &amp;speichern unter</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="259"/>
        <source>&amp;Consistency model…</source>
        <translation>&amp;Konsistenzmodell…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="259"/>
        <source>&amp;Base model…</source>
        <translation>&amp;Basismodell…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="263"/>
        <location filename="../app/studio/main_window.cpp" line="417"/>
        <source>Save model</source>
        <translation>Modell speichern</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="263"/>
        <source>No model is loaded in that slot.</source>
        <translation>In diesem Platz ist kein Modell geladen.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="267"/>
        <source>Save model as</source>
        <translation>Modell speichern unter</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="270"/>
        <source>Open &amp;recent model</source>
        <translation>&amp;Zuletzt geöffnetes Modell</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="273"/>
        <source>&amp;Export figure…</source>
        <translation>Abbildung &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="274"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="278"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="282"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="285"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="293"/>
        <source>&amp;Models panel</source>
        <translation>&amp;Modell-Leiste</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="294"/>
        <source>Ctrl+M</source>
        <translation>Ctrl+M</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="307"/>
        <source>Add a model</source>
        <translation>Ein Modell hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="309"/>
        <source>Model files (*.safetensors *.pkl);;ECT Studio models (*.safetensors);;Official EDM, EDM2 and ECT snapshots (*.pkl)</source>
        <translation>Modelldateien (*.safetensors *.pkl);;ECT-Studio-Modelle (*.safetensors);;Offizielle EDM-, EDM2- und ECT-Snapshots (*.pkl)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="438"/>
        <source>%1 is now the %2.</source>
        <translation>%1 ist jetzt das %2.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="438"/>
        <source>consistency model</source>
        <translation>Konsistenzmodell</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="438"/>
        <source>base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="462"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="471"/>
        <location filename="../app/studio/main_window.cpp" line="479"/>
        <source>Training data: %1</source>
        <translation>Trainingsdaten: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="474"/>
        <source>%1 does not exist.</source>
        <translation>%1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="483"/>
        <source>%1 is neither a model (.safetensors, .pkl), an image with settings, nor a dataset (a folder or a .zip).</source>
        <translation>%1 ist weder ein Modell (.safetensors, .pkl) noch ein Bild mit Einstellungen noch ein Datensatz (ein Ordner oder eine .zip-Datei).</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="593"/>
        <source> (base)</source>
        <translation> (Basis)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="594"/>
        <source> (consistency)</source>
        <translation> (Konsistenz)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="670"/>
        <source>Sampler settings restored from the parameters in %1</source>
        <translation>Sampler-Einstellungen aus den Parametern in %1 wiederhergestellt</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="126"/>
        <source>&amp;Training</source>
        <translation>&amp;Training</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="127"/>
        <source>&amp;Sampler</source>
        <translation>&amp;Sampler</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="128"/>
        <source>&amp;Compare</source>
        <translation>&amp;Vergleich</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="297"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="298"/>
        <source>&amp;About ECT Studio</source>
        <translation>Über ECT &amp;Studio</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="299"/>
        <source>About ECT Studio</source>
        <translation>Über ECT Studio</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="111"/>
        <source>&lt;b&gt;ECT Studio %1&lt;/b&gt;&lt;p&gt;Easy Consistency Tuning (Geng et al., ICLR 2025): tune a diffusion model into a consistency model that samples in one or two steps.&lt;/p&gt;&lt;p&gt;LibTorch %2&lt;/p&gt;</source>
        <translation>&lt;b&gt;ECT Studio %1&lt;/b&gt;&lt;p&gt;Easy Consistency Tuning (Geng et al., ICLR 2025): macht aus einem Diffusionsmodell ein Konsistenzmodell, das in einem oder zwei Schritten erzeugt.&lt;/p&gt;&lt;p&gt;LibTorch %2&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="307"/>
        <source>Open base model</source>
        <translation>Basismodell öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="307"/>
        <source>Open consistency model</source>
        <translation>Konsistenzmodell öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="267"/>
        <source>Model files (*.safetensors)</source>
        <translation>Modelldateien (*.safetensors)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="114"/>
        <source>&lt;p&gt;Bundled models: %1&lt;/p&gt;&lt;p&gt;Languages: %2&lt;/p&gt;</source>
        <translation>&lt;p&gt;Mitgelieferte Modelle: %1&lt;/p&gt;&lt;p&gt;Sprachen: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="115"/>
        <source>not installed</source>
        <translation>nicht installiert</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="319"/>
        <source>Choose a dataset folder</source>
        <translation>Einen Datensatz-Ordner wählen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="323"/>
        <source>Training data: %1 (type fashion-mnist for the built-in set)</source>
        <translation>Trainingsdaten: %1 (fashion-mnist eingeben für den eingebauten Satz)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="342"/>
        <source>Cannot open model</source>
        <translation>Modell kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="369"/>
        <source>Opened the official snapshot %1 (%2), converted in memory; File &gt; Save model as keeps it as a model file.</source>
        <translation>Offizieller Snapshot %1 (%2) geöffnet und im Speicher umgewandelt; Datei &gt; Modell speichern unter bewahrt ihn als Modelldatei.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="410"/>
        <source>no model is loaded in that slot</source>
        <translation>in diesem Platz ist kein Modell geladen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="420"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="578"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;&lt;i&gt;none loaded&lt;/i&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;&lt;i&gt;keines geladen&lt;/i&gt;</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="579"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;&lt;small&gt;%3 parameters&lt;br&gt;%4&lt;/small&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;&lt;small&gt;%3 Parameter&lt;br&gt;%4&lt;/small&gt;</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="584"/>
        <source>Consistency model</source>
        <translation>Konsistenzmodell</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="588"/>
        <source>Base diffusion model</source>
        <translation>Basis-Diffusionsmodell</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="599"/>
        <source>&lt;b&gt;Dataset&lt;/b&gt;&lt;br&gt;%1</source>
        <translation>&lt;b&gt;Datensatz&lt;/b&gt;&lt;br&gt;%1</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="606"/>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="607"/>
        <source> · GPU %1 MiB</source>
        <translation> · GPU %1 MiB</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="666"/>
        <source>%1 holds no ECT Studio settings and no generation parameters.</source>
        <translation>%1 enthält keine Einstellungen von ECT Studio und keine Generierungsparameter.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="668"/>
        <location filename="../app/studio/main_window.cpp" line="689"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="616"/>
        <source>There is nothing to export in this area yet.</source>
        <translation>In diesem Bereich gibt es noch nichts zu exportieren.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="617"/>
        <location filename="../app/studio/main_window.cpp" line="624"/>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="627"/>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="635"/>
        <source>Export figure</source>
        <translation>Abbildung exportieren</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="636"/>
        <source>PNG with settings (*.png);;JPEG (*.jpg);;TIFF (*.tif);;OpenEXR (*.exr)</source>
        <translation>PNG mit Einstellungen (*.png);;JPEG (*.jpg);;TIFF (*.tif);;OpenEXR (*.exr)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="647"/>
        <source>Open settings from image</source>
        <translation>Einstellungen aus Bild öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="675"/>
        <source>%1: the stored settings are damaged.</source>
        <translation>%1: Die gespeicherten Einstellungen sind beschädigt.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="678"/>
        <source>%1 holds settings of a kind this version cannot restore (%2).</source>
        <translation>%1 enthält Einstellungen einer Art, die diese Version nicht wiederherstellen kann (%2).</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="686"/>
        <source>The model %1 is not on this machine; using the loaded one.</source>
        <translation>Das Modell %1 ist auf diesem Rechner nicht vorhanden; das geladene wird verwendet.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="691"/>
        <source>Settings restored from %1</source>
        <translation>Einstellungen aus %1 wiederhergestellt</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="706"/>
        <source>The language changes when ECT Studio starts again.</source>
        <translation>Die Sprache wechselt beim nächsten Start von ECT Studio.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="757"/>
        <source>Saving the training run before closing…</source>
        <translation>Trainingslauf wird vor dem Schließen gespeichert…</translation>
    </message>
</context>
<context>
    <name>studio::PreferencesDialog</name>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="33"/>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="36"/>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="45"/>
        <source>Automatic (CUDA when present)</source>
        <translation>Automatisch (CUDA, wenn vorhanden)</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="46"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="52"/>
        <source>Automatic (fp32 on the CPU, TF32 on CUDA)</source>
        <translation>Automatisch (fp32 auf der CPU, TF32 mit CUDA)</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="53"/>
        <source>fp32 (exact)</source>
        <translation>fp32 (exakt)</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="54"/>
        <source>TF32 (CUDA tensor cores)</source>
        <translation>TF32 (CUDA-Tensorkerne)</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="55"/>
        <source>bf16 (CUDA autocast)</source>
        <translation>bf16 (CUDA-Autocast)</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="60"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="61"/>
        <source>Sampling device</source>
        <translation>Gerät zum Erzeugen</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="62"/>
        <source>Precision</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="63"/>
        <source>CPU threads</source>
        <translation>CPU-Threads</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="64"/>
        <source>Export format</source>
        <translation>Exportformat</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="65"/>
        <source>A new language applies when the studio starts again.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start des Studios.</translation>
    </message>
</context>
<context>
    <name>studio::SamplerPanel</name>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="55"/>
        <source>Grid of seeds</source>
        <translation>Raster aus Seeds</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="56"/>
        <source>Interpolate two seeds</source>
        <translation>Zwei Seeds interpolieren</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="57"/>
        <source>Interpolate four corner seeds</source>
        <translation>Vier Eck-Seeds interpolieren</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="67"/>
        <source>e.g. 0.821 (2 steps)</source>
        <translation>z. B. 0.821 (2 Schritte)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="68"/>
        <source>Consistency mid levels t₁ &gt; t₂ &gt; … (steps − 1 values, below 80)</source>
        <translation>Zwischenstufen der Konsistenz t₁ &gt; t₂ &gt; … (Schritte − 1 Werte, unter 80)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="109"/>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="110"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="112"/>
        <source>Sampler</source>
        <translation>Sampler</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="113"/>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="114"/>
        <source>Mid levels</source>
        <translation>Zwischenstufen</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="115"/>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="118"/>
        <source>Random</source>
        <translation>Zufall</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="119"/>
        <source>A random first seed</source>
        <translation>Ein zufälliger erster Seed</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="125"/>
        <location filename="../app/studio/sampler_panel.cpp" line="221"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="127"/>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="132"/>
        <source>Samples in row</source>
        <translation>Bilder in der Reihe</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="151"/>
        <source>Open a consistency or base model (File menu) to see samples.</source>
        <translation>Öffnen Sie ein Konsistenz- oder Basismodell (Menü Datei), um Bilder zu sehen.</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="174"/>
        <source>Cannot sample: %1</source>
        <translation>Erzeugen nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="226"/>
        <source>Top-right corner</source>
        <translation>Ecke oben rechts</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="374"/>
        <source>All classes in turn</source>
        <translation>Alle Klassen reihum</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="457"/>
        <source>Check the settings: %1</source>
        <translation>Einstellungen prüfen: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="460"/>
        <source>Sampling…</source>
        <translation>Erzeuge…</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="649"/>
        <source>seeds %1, %2, %3, %4 at (%5, %6)</source>
        <translation>Seeds %1, %2, %3, %4 bei (%5, %6)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="652"/>
        <source>seed %1 → %2 at %3</source>
        <translation>Seed %1 → %2 bei %3</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="549"/>
        <location filename="../app/studio/sampler_panel.cpp" line="569"/>
        <location filename="../app/studio/sampler_panel.cpp" line="655"/>
        <source> · class %1</source>
        <translation> · Klasse %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="58"/>
        <source>X/Y plot</source>
        <translation>X/Y-Diagramm</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="59"/>
        <source>One sample per cell: the columns and rows vary two settings, the noise stays</source>
        <translation>Ein Bild je Zelle: Spalten und Zeilen variieren zwei Einstellungen, das Rauschen bleibt</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="95"/>
        <source>Nothing (one row)</source>
        <translation>Nichts (eine Zeile)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="102"/>
        <source>Comma-separated values; whole numbers also as ranges (0-7, 0-20 (+5)); classes and samplers by name; &quot;all&quot; for every class, sampler or checkpoint; mid levels as level lists separated by &apos;;&apos; (0.821; 2.756,0.7144)</source>
        <translation>Werte durch Kommas getrennt; ganze Zahlen auch als Bereiche (0-7, 0-20 (+5)); Klassen und Sampler mit Namen; "all" für jede Klasse, jeden Sampler oder Checkpoint; Zwischenstufen als Listen, getrennt durch ';' (0.821; 2.756,0.7144)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="111"/>
        <source>EMA length</source>
        <translation>EMA-Länge</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="129"/>
        <source>Seed B</source>
        <translation>Seed B</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="130"/>
        <source>Seed C</source>
        <translation>Seed C</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="131"/>
        <source>Seed D</source>
        <translation>Seed D</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="133"/>
        <location filename="../app/studio/sampler_panel.cpp" line="230"/>
        <source>Position across</source>
        <translation>Position quer</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="134"/>
        <source>Position down</source>
        <translation>Position abwärts</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="135"/>
        <source>X axis</source>
        <translation>X-Achse</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="136"/>
        <source>X values</source>
        <translation>X-Werte</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="137"/>
        <source>Y axis</source>
        <translation>Y-Achse</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="138"/>
        <source>Y values</source>
        <translation>Y-Werte</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="221"/>
        <source>Seed A</source>
        <translation>Seed A</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="223"/>
        <source>Top-left corner</source>
        <translation>Ecke oben links</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="224"/>
        <source>Every cell&apos;s seed, unless an axis varies the seed</source>
        <translation>Der Seed jeder Zelle, sofern keine Achse den Seed variiert</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="227"/>
        <source>Bottom-left corner</source>
        <translation>Ecke unten links</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="228"/>
        <source>Bottom-right corner</source>
        <translation>Ecke unten rechts</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="230"/>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="271"/>
        <source>e.g. %1</source>
        <translation>z. B. %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="306"/>
        <source>%1 (consistency)</source>
        <translation>%1 (Konsistenz)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="307"/>
        <source>%1 (base)</source>
        <translation>%1 (Basis)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="393"/>
        <source>none at 1 step</source>
        <translation>keine bei 1 Schritt</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="394"/>
        <source>%1 steps: enter %2 levels</source>
        <translation>%1 Schritte: %2 Stufen eingeben</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="395"/>
        <source>default: %1 (%2 steps)</source>
        <translation>Standard: %1 (%2 Schritte)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="471"/>
        <source>Cancelled: the grid shown is of earlier settings.</source>
        <translation>Abgebrochen: das gezeigte Raster gehört zu früheren Einstellungen.</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="484"/>
        <source>1 step</source>
        <translation>1 Schritt</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="484"/>
        <source>%1 steps</source>
        <translation>%1 Schritte</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="485"/>
        <source>mid %1</source>
        <translation>Zwischenstufe %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="486"/>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="552"/>
        <source> · mid %1</source>
        <translation> · Zwischenstufe %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="553"/>
        <source> · step %1</source>
        <translation> · Schritt %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="565"/>
        <source>at (%1, %2)</source>
        <translation>bei (%1, %2)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="566"/>
        <source>at %1</source>
        <translation>bei %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="577"/>
        <source>Enlarge</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="578"/>
        <source>Edit this image</source>
        <translation>Dieses Bild bearbeiten</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="579"/>
        <source>Sampler: %1</source>
        <translation>Sampler: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="584"/>
        <location filename="../app/studio/sampler_panel.cpp" line="596"/>
        <source>Copy seed %1</source>
        <translation>Seed %1 kopieren</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="585"/>
        <source>Use these settings for a grid</source>
        <translation>Diese Einstellungen für ein Raster verwenden</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="589"/>
        <source>Open this checkpoint in the Sampler</source>
        <translation>Diesen Checkpoint im Sampler öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="593"/>
        <source>Compare this checkpoint with the base model</source>
        <translation>Diesen Checkpoint mit dem Basismodell vergleichen</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="597"/>
        <source>Start the grid at seed %1</source>
        <translation>Raster bei Seed %1 beginnen</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="598"/>
        <source>Interpolate from seed %1</source>
        <translation>Von Seed %1 aus interpolieren</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="666"/>
        <source>%1 × %2 plot · %3 ms per image</source>
        <translation>%1 × %2-Diagramm · %3 ms pro Bild</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="667"/>
        <source>%1 cells, %2 network evaluations</source>
        <translation>%1 Zellen, %2 Netzauswertungen</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="671"/>
        <source>%1 samples · NFE %2 · %3 ms per image</source>
        <translation>%1 Bilder · NFE %2 · %3 ms pro Bild</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="676"/>
        <source>NFE %1 per image</source>
        <translation>NFE %1 pro Bild</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="696"/>
        <source>%1 · %2 · NFE %3 · seed %4 → seed %5</source>
        <translation>%1 · %2 · NFE %3 · Seed %4 → Seed %5</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="698"/>
        <source>spherical interpolation of the two seeds&apos; noise</source>
        <translation>sphärische Interpolation des Rauschens beider Seeds</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="702"/>
        <source>%1 · %2 · NFE %3 · corner seeds %4, %5, %6, %7</source>
        <translation>%1 · %2 · NFE %3 · Eck-Seeds %4, %5, %6, %7</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="709"/>
        <source>across: seed %1 → %2 (top), %3 → %4 (bottom)</source>
        <translation>quer: Seed %1 → %2 (oben), %3 → %4 (unten)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="710"/>
        <source>down</source>
        <translation>nach unten</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="720"/>
        <source>NFE %1</source>
        <translation>NFE %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="723"/>
        <source>class %1</source>
        <translation>Klasse %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="733"/>
        <source>%1 · %2 · NFE %3 · seeds %4–%5</source>
        <translation>%1 · %2 · NFE %3 · Seeds %4–%5</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="483"/>
        <location filename="../app/studio/sampler_panel.cpp" line="508"/>
        <location filename="../app/studio/sampler_panel.cpp" line="548"/>
        <location filename="../app/studio/sampler_panel.cpp" line="560"/>
        <location filename="../app/studio/sampler_panel.cpp" line="721"/>
        <source>seed %1</source>
        <translation>Seed %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="738"/>
        <source>image = row seed + column</source>
        <translation>Bild = Seed der Zeile + Spalte</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="739"/>
        <source>seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="807"/>
        <source>These are not the Sampler&apos;s settings.</source>
        <translation>Dies sind keine Einstellungen des Samplers.</translation>
    </message>
</context>
<context>
    <name>studio::TrainingPanel</name>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="109"/>
        <source>ECT tuning</source>
        <translation>ECT-Tuning</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="110"/>
        <source>Diffusion pretraining (EDM)</source>
        <translation>Diffusions-Vortraining (EDM)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="155"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="156"/>
        <source> steps</source>
        <translation> Schritte</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="157"/>
        <source>Measure sample quality (FD of 2,000 samples against the test images; tuning: 1- and 2-step, pretraining: Heun) every this many steps, charted beside the loss</source>
        <translation>Bildqualität (FD von 2.000 Bildern gegen die Testbilder; Tuning: 1 und 2 Schritte, Vortraining: Heun) alle so viele Schritte messen, neben dem Verlust dargestellt</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="201"/>
        <location filename="../app/studio/training_panel.cpp" line="424"/>
        <location filename="../app/studio/training_panel.cpp" line="460"/>
        <location filename="../app/studio/training_panel.cpp" line="823"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="205"/>
        <source>Preset</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="208"/>
        <location filename="../app/studio/training_panel.cpp" line="209"/>
        <source>Base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="140"/>
        <source>base diffusion model (.safetensors, or an official .pkl snapshot)</source>
        <translation>Basis-Diffusionsmodell (.safetensors oder offizieller .pkl-Snapshot)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="188"/>
        <location filename="../app/studio/training_panel.cpp" line="190"/>
        <location filename="../app/studio/training_panel.cpp" line="717"/>
        <location filename="../app/studio/training_panel.cpp" line="718"/>
        <source>from the data</source>
        <translation>aus den Daten</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="672"/>
        <source>Image size N×N of a new network; other data is centre-cropped and resized to it</source>
        <translation>Bildgröße N×N eines neuen Netzes; andere Daten werden mittig zugeschnitten und darauf skaliert</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="70"/>
        <source>grayscale</source>
        <translation>Graustufen</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="70"/>
        <source>RGB</source>
        <translation>RGB</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="111"/>
        <source>CMT mid-training</source>
        <translation>CMT-Zwischentraining</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="135"/>
        <source>none (e.g. 0.05, 0.10)</source>
        <translation>keine (z. B. 0.05, 0.10)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="136"/>
        <source>Power-function EMA profiles (EDM2) kept beside the EMA, by relative length σ_rel: each checkpoint keeps their snapshots, and the Sampler and Compare areas can then choose any EMA length after training</source>
        <translation>Potenzfunktions-EMA-Profile (EDM2) neben dem EMA, nach relativer Länge σ_rel: jeder Checkpoint behält ihre Snapshots, und die Bereiche Sampler und Vergleich können dann nach dem Training jede EMA-Länge wählen</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="167"/>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="168"/>
        <source>steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="176"/>
        <source>A new grid of 1-step samples on fixed noise this often (and at the start and the end)</source>
        <translation>So oft ein neues Raster von 1-Schritt-Bildern aus festem Rauschen (und am Anfang und Ende)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="178"/>
        <source>Save the run (to continue it later) and a model to sample or compare this often</source>
        <translation>So oft den Lauf sichern (zum späteren Fortsetzen) und ein Modell zum Erzeugen oder Vergleichen</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="202"/>
        <source>Every option of the objective</source>
        <translation>Alle Optionen des Trainingsziels</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="203"/>
        <source>Also the options most runs leave as the preset sets them</source>
        <translation>Auch die Optionen, die die meisten Läufe so lassen, wie die Vorlage sie setzt</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="207"/>
        <source>Network family</source>
        <translation>Netzwerkfamilie</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="210"/>
        <source>Model files (*.safetensors *.pkl)</source>
        <translation>Modelldateien (*.safetensors *.pkl)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="213"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="214"/>
        <source>Image folder</source>
        <translation>Bildordner</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="218"/>
        <source>Resolution</source>
        <translation>Auflösung</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="219"/>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="220"/>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="221"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="222"/>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="223"/>
        <source>EMA profiles</source>
        <translation>EMA-Profile</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="224"/>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="225"/>
        <source>Grids every</source>
        <translation>Raster alle</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="226"/>
        <source>Checkpoints every</source>
        <translation>Sicherung alle</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="227"/>
        <source>Measure FD every</source>
        <translation>FD messen alle</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="228"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="229"/>
        <location filename="../app/studio/training_panel.cpp" line="230"/>
        <source>Run folder</source>
        <translation>Laufordner</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="233"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="234"/>
        <location filename="../app/studio/training_panel.cpp" line="1039"/>
        <location filename="../app/studio/training_panel.cpp" line="1062"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="235"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="236"/>
        <source>Resume run…</source>
        <translation>Lauf fortsetzen…</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="237"/>
        <location filename="../app/studio/training_panel.cpp" line="1133"/>
        <source>Watch run…</source>
        <translation>Lauf beobachten…</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="238"/>
        <source>Follow a run another process writes (e.g. `ect tune` on a GPU server, its folder synced or mounted), read-only</source>
        <translation>Einem Lauf folgen, den ein anderer Prozess schreibt (z. B. `ect tune` auf einem GPU-Server, Ordner synchronisiert oder eingehängt), nur lesend</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="247"/>
        <location filename="../app/studio/training_panel.cpp" line="1127"/>
        <source>Not running.</source>
        <translation>Läuft nicht.</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="270"/>
        <source>Log scale</source>
        <translation>Log-Skala</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="273"/>
        <source>x: steps</source>
        <translation>x: Schritte</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="273"/>
        <source>x: images</source>
        <translation>x: Bilder</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="275"/>
        <source>Smoothing</source>
        <translation>Glättung</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="282"/>
        <source>1-step samples on fixed noise appear here as training goes.</source>
        <translation>1-Schritt-Bilder aus festem Rauschen erscheinen hier während des Trainings.</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="299"/>
        <source>The models this run saved at its checkpoints</source>
        <translation>Die Modelle, die dieser Lauf bei seinen Sicherungen gespeichert hat</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="300"/>
        <source>Sampler</source>
        <translation>Sampler</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="301"/>
        <source>Open this model in the Sampler</source>
        <translation>Dieses Modell im Sampler öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="302"/>
        <source>Compare</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="303"/>
        <source>Compare this model with the base model</source>
        <translation>Dieses Modell mit dem Basismodell vergleichen</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="306"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="359"/>
        <source>Run folder to resume</source>
        <translation>Fortzusetzender Laufordner</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="364"/>
        <source>Run folder to watch</source>
        <translation>Zu beobachtender Laufordner</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="383"/>
        <source>Running %1 in %2, step %3 of %4</source>
        <translation>%1 läuft in %2, Schritt %3 von %4</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="398"/>
        <source>Step %1 of %2 · loss %3 · %4 it/s · ETA %5</source>
        <translation>Schritt %1 von %2 · Verlust %3 · %4 it/s · Rest %5</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="425"/>
        <source>The saved state of %1 has no checksum.</source>
        <translation>Der gespeicherte Zustand von %1 hat keine Prüfsumme.</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="426"/>
        <source>It was written by an older ECT Studio or by another program, so damage to it cannot be detected. Its contents are still checked. Resume from it as it is?</source>
        <translation>Er wurde von einem älteren ECT Studio oder einem anderen Programm geschrieben; Beschädigungen lassen sich daher nicht erkennen. Sein Inhalt wird trotzdem geprüft. Unverändert von ihm fortsetzen?</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="429"/>
        <source>Resume as it is</source>
        <translation>Unverändert fortsetzen</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="435"/>
        <source>Not resumed: %1</source>
        <translation>Nicht fortgesetzt: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="440"/>
        <source>Could not start: %1</source>
        <translation>Start nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="497"/>
        <source>Training run %1 · step %2 · 1-step samples on fixed noise</source>
        <translation>Trainingslauf %1 · Schritt %2 · 1-Schritt-Bilder aus festem Rauschen</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="518"/>
        <source>These are not a training run&apos;s settings.</source>
        <translation>Dies sind keine Einstellungen eines Trainingslaufs.</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="532"/>
        <source>A training run is in progress; stop it to look at another run.</source>
        <translation>Ein Training läuft; halten Sie es an, um einen anderen Lauf anzusehen.</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="533"/>
        <source>%1 is not a training run folder (it has no config.json).</source>
        <translation>%1 ist kein Ordner eines Trainingslaufs (er enthält keine config.json).</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="628"/>
        <source>This run: batch %1, learning rate %2, %3 steps, dropout %4</source>
        <translation>Dieser Lauf: Batch %1, Lernrate %2, %3 Schritte, Dropout %4</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="629"/>
        <source>Sets batch %1, learning rate %2, %3 steps, dropout %4</source>
        <translation>Setzt Batch %1, Lernrate %2, %3 Schritte, Dropout %4</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="641"/>
        <source>; %1 channels × [%2], %3 blocks per level</source>
        <translation>; %1 Kanäle × [%2], %3 Blöcke je Ebene</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="666"/>
        <source>Tuning keeps the base model&apos;s network family</source>
        <translation>Das Tuning behält die Netzwerkfamilie des Basismodells</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="671"/>
        <source>Tuning keeps the base model&apos;s image size; the data is resized to it</source>
        <translation>Das Tuning behält die Bildgröße des Basismodells; die Daten werden darauf skaliert</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="717"/>
        <location filename="../app/studio/training_panel.cpp" line="718"/>
        <source>from the data (%1)</source>
        <translation>aus den Daten (%1)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="724"/>
        <source>Cannot read this data: %1</source>
        <translation>Diese Daten sind nicht lesbar: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="735"/>
        <source>the base model&apos;s</source>
        <translation>wie das Basismodell</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="742"/>
        <source>Images: %1</source>
        <translation>Bilder: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="744"/>
        <source>Images: %1, resized to %2 %3</source>
        <translation>Bilder: %1, skaliert auf %3 (%2)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="746"/>
        <source>Images: %1, resized to %2</source>
        <translation>Bilder: %1, skaliert auf %2</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="824"/>
        <source>%1 already holds a training run.</source>
        <translation>%1 enthält bereits einen Trainingslauf.</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="825"/>
        <source>Continue that run where it stopped, or start this one in a new folder (%1)?</source>
        <translation>Den Lauf dort fortsetzen, wo er stehen blieb, oder diesen in einem neuen Ordner (%1) beginnen?</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="827"/>
        <source>Continue that run</source>
        <translation>Diesen Lauf fortsetzen</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="828"/>
        <source>Start in %1</source>
        <translation>In %1 beginnen</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="964"/>
        <source>The run&apos;s log cannot be read: %1</source>
        <translation>Das Protokoll des Laufs kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1020"/>
        <source>%1 · step %2</source>
        <translation>%1 · Schritt %2</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1023"/>
        <source>%1 · newest</source>
        <translation>%1 · neuestes</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1031"/>
        <source>none saved yet</source>
        <translation>noch keines gespeichert</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1039"/>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1040"/>
        <source>Paused at step %1 of %2. Continue goes on; Stop saves the run.</source>
        <translation>Angehalten bei Schritt %1 von %2. Fortsetzen macht weiter; Stopp sichert den Lauf.</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1041"/>
        <source>Continuing at step %1 of %2…</source>
        <translation>Weiter bei Schritt %1 von %2…</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1048"/>
        <source>Stopping after this step…</source>
        <translation>Halte nach diesem Schritt an…</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1077"/>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1078"/>
        <source>step 0: the starting model</source>
        <translation>Schritt 0: das Ausgangsmodell</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1085"/>
        <source>seed %1</source>
        <translation>Seed %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1088"/>
        <source> · class %1</source>
        <translation> · Klasse %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1091"/>
        <source> · step %1 · %2</source>
        <translation> · Schritt %1 · %2</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1091"/>
        <source>Heun</source>
        <translation>Heun</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1091"/>
        <source>1 step</source>
        <translation>1 Schritt</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1100"/>
        <source>Enlarge</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1102"/>
        <source>Copy seed %1</source>
        <translation>Seed %1 kopieren</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1103"/>
        <source>Sample seed %1 with this run&apos;s newest model</source>
        <translation>Seed %1 mit dem neuesten Modell dieses Laufs erzeugen</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1117"/>
        <source>Watching %1 (read-only): %2 loss points, %3 grids</source>
        <translation>Beobachte %1 (nur lesend): %2 Verlustpunkte, %3 Raster</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1133"/>
        <source>Stop watching</source>
        <translation>Beobachten beenden</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1135"/>
        <source>Showing a run another process writes: the form is read-only while watching</source>
        <translation>Zeigt einen Lauf, den ein anderer Prozess schreibt: das Formular ist beim Beobachten schreibgeschützt</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1144"/>
        <source>Watching %1: the run folder is gone (waiting for it to come back).</source>
        <translation>Beobachte %1: Der Laufordner ist verschwunden (warte, bis er wieder da ist).</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1156"/>
        <source>Watching %1: the log cannot be read: %2</source>
        <translation>Beobachte %1: Das Protokoll kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1187"/>
        <source>Watching %1 (read-only): %2 loss points, %3 grids (newest: step %4), updated %5</source>
        <translation>Beobachte %1 (nur lesend): %2 Verlustpunkte, %3 Raster (neuestes: Schritt %4), aktualisiert %5</translation>
    </message>
</context>
<context>
    <name>studio::TrainingWorker</name>
    <message>
        <location filename="../app/studio/training_worker.cpp" line="31"/>
        <location filename="../app/studio/training_worker.cpp" line="48"/>
        <source>an unexpected error stopped training</source>
        <translation>ein unerwarteter Fehler hat das Training abgebrochen</translation>
    </message>
    <message>
        <location filename="../app/studio/training_worker.cpp" line="58"/>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <location filename="../app/studio/training_worker.cpp" line="83"/>
        <source>Training stopped: the loss became NaN or Inf. The last good checkpoint (step %1) is kept in %2</source>
        <translation>Training angehalten: der Verlust wurde NaN oder Inf. Der letzte gute Checkpoint (Schritt %1) liegt in %2</translation>
    </message>
    <message>
        <location filename="../app/studio/training_worker.cpp" line="87"/>
        <source>Finished %1 steps. Model: %2</source>
        <translation>%1 Schritte fertig. Modell: %2</translation>
    </message>
    <message>
        <location filename="../app/studio/training_worker.cpp" line="89"/>
        <source>Stopped at step %1; state saved in %2</source>
        <translation>Bei Schritt %1 angehalten; Zustand in %2 gespeichert</translation>
    </message>
</context>
</TS>
