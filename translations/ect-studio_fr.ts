<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>LossChart</name>
    <message>
        <location filename="../widgets/loss_chart.cpp" line="26"/>
        <source>loss</source>
        <translation>perte</translation>
    </message>
    <message>
        <location filename="../widgets/loss_chart.cpp" line="31"/>
        <source>smoothed</source>
        <translation>lissée</translation>
    </message>
    <message>
        <location filename="../widgets/loss_chart.cpp" line="38"/>
        <location filename="../widgets/loss_chart.cpp" line="155"/>
        <source>step</source>
        <translation>pas</translation>
    </message>
    <message>
        <location filename="../widgets/loss_chart.cpp" line="48"/>
        <source>FD</source>
        <translation>FD</translation>
    </message>
    <message>
        <location filename="../widgets/loss_chart.cpp" line="155"/>
        <source>thousands of images</source>
        <translation>milliers d'images</translation>
    </message>
    <message>
        <location filename="../widgets/loss_chart.cpp" line="247"/>
        <source>stage change</source>
        <translation>changement d'étape</translation>
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
        <translation>Graine</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="162"/>
        <source>Steps</source>
        <translation>Pas</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="162"/>
        <source>Mid levels</source>
        <translation>Niveaux médians</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="163"/>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="163"/>
        <source>Sampler</source>
        <translation>Échantillonneur</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="163"/>
        <source>Checkpoint</source>
        <translation>Point de contrôle</translation>
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
        <translation>Suivre un entraînement</translation>
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
        <translation>Compléter : remplir ce que le pinceau marque</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="46"/>
        <source>Super-resolution: detail from block means</source>
        <translation>Super-résolution : détails à partir des moyennes de blocs</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="47"/>
        <source>Colorize: colour from grey (RGB models)</source>
        <translation>Coloriser : couleur à partir du gris (modèles RVB)</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="48"/>
        <source>Sketch: an image near the strokes</source>
        <translation>Croquis : une image proche des traits</translation>
    </message>
</context>
<context>
    <name>Sampler</name>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="141"/>
        <source>Consistency (ECT)</source>
        <translation>Cohérence (ECT)</translation>
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
        <translation>%1 1 pas</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="156"/>
        <source>%1 %2 steps</source>
        <translation>%1 %2 pas</translation>
    </message>
</context>
<context>
    <name>SwipeView</name>
    <message>
        <location filename="../widgets/swipe_view.cpp" line="61"/>
        <source>Open a base and a consistency model to compare them.</source>
        <translation>Ouvrez un modèle de base et un modèle de cohérence pour les comparer.</translation>
    </message>
</context>
<context>
    <name>objective</name>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="90"/>
        <source>ln σ mean</source>
        <translation>Moyenne de ln σ</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="90"/>
        <source>ln σ deviation</source>
        <translation>Écart type de ln σ</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="91"/>
        <source>Grid Heun steps</source>
        <translation>Pas de Heun des grilles</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="91"/>
        <source>q (gap shrink)</source>
        <translation>q (réduction de l'écart)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="92"/>
        <source>Stage length (kimg)</source>
        <translation>Durée d'étape (kimg)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="92"/>
        <source>k (mapping)</source>
        <translation>k (correspondance)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="93"/>
        <source>b (mapping slope)</source>
        <translation>b (pente)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="93"/>
        <source>c (pseudo-Huber)</source>
        <translation>c (pseudo-Huber)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="94"/>
        <source>Mapping</source>
        <translation>Correspondance</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="94"/>
        <source>Weighting</source>
        <translation>Pondération</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="95"/>
        <source>ln t mean</source>
        <translation>Moyenne de ln t</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="95"/>
        <source>ln t deviation</source>
        <translation>Écart type de ln t</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="96"/>
        <source>2-step mid level</source>
        <translation>Niveau médian (2 pas)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="96"/>
        <source>Teacher steps</source>
        <translation>Pas de l'enseignant</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="97"/>
        <source>Teacher order</source>
        <translation>Ordre de l'enseignant</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="97"/>
        <source>Distance</source>
        <translation>Distance</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="98"/>
        <source>the default, 0.821</source>
        <translation>par défaut, 0.821</translation>
    </message>
</context>
<context>
    <name>studio</name>
    <message>
        <location filename="../app/studio/guarded_application.cpp" line="23"/>
        <location filename="../app/studio/latest_job.h" line="133"/>
        <source>an unexpected error stopped the work</source>
        <translation>une erreur inattendue a interrompu le travail</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="44"/>
        <source>%1 · step %2</source>
        <translation>%1 · pas %2</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="55"/>
        <source>%1 classes</source>
        <translation>%1 classes</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="56"/>
        <source>unconditional</source>
        <translation>inconditionnel</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="58"/>
        <source>%1 %2, %3, channels %4×[%5], %6 blocks per level</source>
        <translation>%1 %2, %3, canaux %4×[%5], %6 blocs par niveau</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="64"/>
        <source>, attention at %1</source>
        <translation>, attention à %1</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="65"/>
        <source>, dropout %1</source>
        <translation>, dropout %1</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="70"/>
        <source>CPU (%1 threads)</source>
        <translation>CPU (%1 threads)</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="77"/>
        <source>diffusion model · %1</source>
        <translation>modèle de diffusion · %1</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="78"/>
        <source>%1 · objective %2</source>
        <translation>%1 · objectif %2</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="79"/>
        <source>diffusion</source>
        <translation>diffusion</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="80"/>
        <source>consistency</source>
        <translation>cohérence</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="85"/>
        <source> · from %1</source>
        <translation> · depuis %1</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="104"/>
        <source>%1 cannot be opened (%2).</source>
        <translation>%1 ne peut pas être ouvert (%2).</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="106"/>
        <source>%1 is not a model file: ECT Studio opens .safetensors models and official .pkl snapshots.</source>
        <translation>%1 n'est pas un fichier de modèle : ECT Studio ouvre les modèles .safetensors et les instantanés officiels .pkl.</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="108"/>
        <source>%1 already holds a training run. Continue it with Resume run…, or choose another run folder.</source>
        <translation>%1 contient déjà un entraînement. Poursuivez-le avec « Reprendre un run… » ou choisissez un autre dossier.</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="109"/>
        <source>ECT tuning starts from a diffusion model: choose a base model.</source>
        <translation>L'ajustement ECT part d'un modèle de diffusion : choisissez un modèle de base.</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="110"/>
        <source>%1 is not a training run folder (it has no config.json).</source>
        <translation>%1 n'est pas un dossier d'entraînement (il ne contient pas de config.json).</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="111"/>
        <source>%1 holds no images (PNG, JPEG, TIFF, EXR, …).</source>
        <translation>%1 ne contient aucune image (PNG, JPEG, TIFF, EXR, …).</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="112"/>
        <source>None of the %2 images in %1 could be read.</source>
        <translation>Aucune des %2 images de %1 n'a pu être lue.</translation>
    </message>
    <message>
        <location filename="../app/studio/qt_bridge.cpp" line="114"/>
        <source>“%1” is not a list of levels: give numbers separated by commas, such as 2.7,0.7.</source>
        <translation>« %1 » n'est pas une liste de niveaux : donnez des nombres séparés par des virgules, par exemple 2.7,0.7.</translation>
    </message>
</context>
<context>
    <name>studio::BusyBar</name>
    <message>
        <location filename="../app/studio/busy_bar.cpp" line="20"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../app/studio/busy_bar.cpp" line="55"/>
        <source>%1 s left</source>
        <translation>encore %1 s</translation>
    </message>
</context>
<context>
    <name>studio::ComparePanel</name>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="82"/>
        <source>First seed</source>
        <translation>Première graine</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="83"/>
        <source>Seeds (rows)</source>
        <translation>Graines (lignes)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="84"/>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="87"/>
        <source>EMA length</source>
        <translation>Longueur de l'EMA</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="89"/>
        <source>Enlarged sample</source>
        <translation>Échantillon agrandi</translation>
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
        <translation>Ligne de graine</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="99"/>
        <source>Swipe</source>
        <translation>Balayer</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="108"/>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="115"/>
        <source>FD table</source>
        <translation>Tableau FD</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="121"/>
        <source>Samples per column, seeds from the first seed on (fewer samples read higher: compare rows of one table)</source>
        <translation>Échantillons par colonne, graines à partir de la première (moins d'échantillons donnent des valeurs plus hautes : comparez les lignes d'un même tableau)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="124"/>
        <source>Real images to measure against: a dataset as the Training area names it (fashion-mnist:test, a folder, an EDM .zip)</source>
        <translation>Images réelles de référence : un jeu de données tel que la zone Entraînement le nomme (fashion-mnist:test, un dossier, un .zip d'EDM)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="126"/>
        <source>Samples</source>
        <translation>Échantillons</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="127"/>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="128"/>
        <source>Measure FD</source>
        <translation>Mesurer la FD</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="129"/>
        <source>Copy table</source>
        <translation>Copier le tableau</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="136"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="136"/>
        <source>Sampler</source>
        <translation>Échantillonneur</translation>
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
        <translation>Comparaison impossible : %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="205"/>
        <source>Cannot measure: %1</source>
        <translation>Mesure impossible : %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="221"/>
        <source>Measuring %1 columns of %2 samples…</source>
        <translation>Mesure de %1 colonnes de %2 échantillons…</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="229"/>
        <source>Cancelled: the table shown is of an earlier measurement.</source>
        <translation>Annulé : le tableau affiché vient d'une mesure précédente.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="234"/>
        <source>Cancelled: the grid shown is of earlier settings.</source>
        <translation>Annulé : la grille affichée correspond aux réglages précédents.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="328"/>
        <source>All classes in turn</source>
        <translation>Chaque classe à son tour</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="366"/>
        <source>FD of %1 samples per column (seeds %2…) against %3, in the bundled classifier&apos;s features.</source>
        <translation>FD de %1 échantillons par colonne (graines %2…) contre %3, dans les caractéristiques du classifieur fourni.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="447"/>
        <source>Comparing…</source>
        <translation>Comparaison…</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="462"/>
        <source>&lt;tr&gt;&lt;td&gt;%1&lt;/td&gt;&lt;td align=right&gt;&amp;nbsp;%2 per image&lt;/td&gt;&lt;/tr&gt;</source>
        <translation>&lt;tr&gt;&lt;td&gt;%1&lt;/td&gt;&lt;td align=right&gt;&amp;nbsp;%2 par image&lt;/td&gt;&lt;/tr&gt;</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="463"/>
        <source>&lt;b&gt;Measured on this machine&lt;/b&gt;&lt;table&gt;%1&lt;/table&gt;</source>
        <translation>&lt;b&gt;Mesuré sur cette machine&lt;/b&gt;&lt;table&gt;%1&lt;/table&gt;</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="464"/>
        <source>Same noise in every column: seed %1 + row.</source>
        <translation>Même bruit dans chaque colonne : graine %1 + ligne.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="514"/>
        <source>NFE %1</source>
        <translation>NFE %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="600"/>
        <source>These are not the Compare area&apos;s settings.</source>
        <translation>Ce ne sont pas des réglages de la comparaison.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="516"/>
        <source>seed %1</source>
        <translation>graine %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="67"/>
        <source>Samplers for every ticked model that fits them: heun N, euler N and dpm++ N sample diffusion models, cm K consistency models (cm 2@1.4 sets the mid level; 3 steps: cm 3@2.7/0.7)</source>
        <translation>Échantillonneurs pour chaque modèle coché auquel ils conviennent : heun N, euler N et dpm++ N échantillonnent les modèles de diffusion, cm K les modèles de cohérence (cm 2@1.4 fixe le niveau intermédiaire ; 3 pas : cm 3@2.7/0.7)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="73"/>
        <source>The loaded models (File &gt; Add model to the list… loads more); ticked ones are compared, each a column per sampler of its kind</source>
        <translation>Les modèles chargés (Fichier &gt; Ajouter un modèle à la liste… en charge d'autres) ; les modèles cochés sont comparés, une colonne par échantillonneur de leur type</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="85"/>
        <source>Models</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="86"/>
        <source>Samplers</source>
        <translation>Échantillonneurs</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="163"/>
        <source>Tick the models to compare (File &gt; Add model to the list… loads more).</source>
        <translation>Cochez les modèles à comparer (Fichier &gt; Ajouter un modèle à la liste… en charge d'autres).</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="212"/>
        <source>Load a model to measure.</source>
        <translation>Chargez un modèle pour mesurer.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="420"/>
        <source>Check the samplers: %1</source>
        <translation>Vérifiez les échantillonneurs : %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="424"/>
        <source>Tick at least one model to compare.</source>
        <translation>Cochez au moins un modèle à comparer.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="428"/>
        <source>None of the samplers fits the ticked models: heun, euler and dpm++ sample diffusion models, cm consistency models.</source>
        <translation>Aucun échantillonneur ne convient aux modèles cochés : heun, euler et dpm++ échantillonnent les modèles de diffusion, cm les modèles de cohérence.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="433"/>
        <source>%1 columns: untick a model or drop a sampler (at most %2).</source>
        <translation>%1 colonnes : décochez un modèle ou retirez un échantillonneur (au plus %2).</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="507"/>
        <source>%1, same noise</source>
        <translation>%1, même bruit</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="508"/>
        <source>%1 models, same noise: %2</source>
        <translation>%1 modèles, même bruit : %2</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="517"/>
        <source>model · sampler · NFE · time per image</source>
        <translation>modèle · échantillonneur · NFE · temps par image</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="518"/>
        <source>seed</source>
        <translation>graine</translation>
    </message>
</context>
<context>
    <name>studio::EditPanel</name>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="105"/>
        <source>Consistency model</source>
        <translation>Modèle de cohérence</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="106"/>
        <source>Base model (Heun)</source>
        <translation>Modèle de base (Heun)</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="107"/>
        <source>Both, side by side</source>
        <translation>Les deux côte à côte</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="108"/>
        <source>The consistency model&apos;s results above the base model&apos;s (Heun) for the same edit and seeds</source>
        <translation>Les résultats du modèle de cohérence au-dessus de ceux du modèle de base (Heun), même retouche et mêmes graines</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="110"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="113"/>
        <source>A Fashion-MNIST test image (resized to the model&apos;s size)</source>
        <translation>Une image de test Fashion-MNIST (à la taille du modèle)</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="114"/>
        <source>Open image…</source>
        <translation>Ouvrir une image…</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="118"/>
        <source>Test image</source>
        <translation>Image de test</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="128"/>
        <source>Task</source>
        <translation>Tâche</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="131"/>
        <source>Super-resolution from images this many times smaller (it must divide the size)</source>
        <translation>Super-résolution depuis des images autant de fois plus petites (doit diviser la taille)</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="132"/>
        <source>Factor</source>
        <translation>Facteur</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="136"/>
        <source>Evaluations</source>
        <translation>Évaluations</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="138"/>
        <source>Decreasing levels, one evaluation each (empty: the model&apos;s defaults)</source>
        <translation>Niveaux décroissants, une évaluation chacun (vide : ceux du modèle)</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="139"/>
        <source>Levels</source>
        <translation>Niveaux</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="143"/>
        <source>Heun steps</source>
        <translation>Pas de Heun</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="146"/>
        <source>Seed</source>
        <translation>Graine</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="150"/>
        <source>Results</source>
        <translation>Résultats</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="152"/>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="156"/>
        <source>Brush radius in image pixels</source>
        <translation>Rayon du pinceau en pixels de l'image</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="157"/>
        <source>Eraser</source>
        <translation>Gomme</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="161"/>
        <source>Brush</source>
        <translation>Pinceau</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="162"/>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="163"/>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="177"/>
        <source>Load a consistency model to edit</source>
        <translation>Chargez un modèle de cohérence pour retoucher</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="222"/>
        <source>Cannot edit: %1</source>
        <translation>Retouche impossible : %1</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="234"/>
        <source>Open an image to edit</source>
        <translation>Ouvrir une image à retoucher</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="235"/>
        <source>Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)</source>
        <translation>Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="248"/>
        <source>A drawing on a black canvas</source>
        <translation>Un dessin sur fond noir</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="290"/>
        <source>From the image</source>
        <translation>D'après l'image</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="302"/>
        <location filename="../app/studio/edit_panel.cpp" line="423"/>
        <source>Load this kind of model to edit with it.</source>
        <translation>Chargez un modèle de ce type pour retoucher avec.</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="342"/>
        <source>Cannot read the test images: %1</source>
        <translation>Impossible de lire les images de test : %1</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="348"/>
        <source>Fashion-MNIST test image %1</source>
        <translation>Image de test Fashion-MNIST %1</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="356"/>
        <location filename="../app/studio/edit_panel.cpp" line="372"/>
        <source>Load a model first: the image is resized to its size.</source>
        <translation>Chargez d'abord un modèle : l'image est mise à sa taille.</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="383"/>
        <source>Cannot open the image: %1</source>
        <translation>Impossible d'ouvrir l'image : %1</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="429"/>
        <source>Load a base model to edit with it beside the consistency model.</source>
        <translation>Chargez un modèle de base pour retoucher avec lui à côté du modèle de cohérence.</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="436"/>
        <source>The two models make different images (size, channels or classes): edit with one at a time.</source>
        <translation>Les deux modèles produisent des images différentes (taille, canaux ou classes) : retouchez avec l'un à la fois.</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="463"/>
        <source>Check the settings: %1</source>
        <translation>Vérifiez les réglages : %1</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="487"/>
        <source>Editing…</source>
        <translation>Retouche…</translation>
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
        <translation>%1 (en haut) à côté de %2 (en bas, Heun) : même retouche et mêmes graines</translation>
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
        <translation>%1, graine %2</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="521"/>
        <source>%1 · NFE %2 beside Heun NFE %3 · %4 ms per pair of results</source>
        <translation>%1 · NFE %2 à côté de Heun NFE %3 · %4 ms par paire de résultats</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="529"/>
        <source>What the edit keeps, then seed %1</source>
        <translation>Ce que la retouche garde, puis la graine %1</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="530"/>
        <source>What the edit keeps, then seeds %1–%2</source>
        <translation>Ce que la retouche garde, puis les graines %1–%2</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="519"/>
        <location filename="../app/studio/edit_panel.cpp" line="531"/>
        <source>What the edit keeps</source>
        <translation>Ce que la retouche garde</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="509"/>
        <location filename="../app/studio/edit_panel.cpp" line="531"/>
        <location filename="../app/studio/edit_panel.cpp" line="562"/>
        <source>seed %1</source>
        <translation>graine %1</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="532"/>
        <source>%1 · NFE %2 · %3 ms per result</source>
        <translation>%1 · NFE %2 · %3 ms par résultat</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="559"/>
        <source>input</source>
        <translation>entrée</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="560"/>
        <source>mask</source>
        <translation>masque</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="508"/>
        <location filename="../app/studio/edit_panel.cpp" line="561"/>
        <source>kept</source>
        <translation>gardé</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="575"/>
        <source>%1 with %2 (NFE %3) and %4 (Heun, NFE %5)</source>
        <translation>%1 avec %2 (NFE %3) et %4 (Heun, NFE %5)</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="581"/>
        <source>%1 with %2, NFE %3</source>
        <translation>%1 avec %2, NFE %3</translation>
    </message>
    <message>
        <location filename="../app/studio/edit_panel.cpp" line="622"/>
        <source>These are not the Edit area&apos;s settings.</source>
        <translation>Ce ne sont pas les réglages de la retouche.</translation>
    </message>
</context>
<context>
    <name>studio::EmaLengthControl</name>
    <message>
        <location filename="../app/studio/ema_length.cpp" line="65"/>
        <source>Which average of the weights the samples come from, chosen after training: the run&apos;s own EMA (as trained), or a power-function EMA of relative length σ_rel reconstructed from the run&apos;s snapshots (EDM2&apos;s post-hoc EMA). Short averages follow the last steps, long ones smooth more.</source>
        <translation>La moyenne des poids dont viennent les échantillons, choisie après l'entraînement : l'EMA de l'exécution (telle qu'entraînée) ou une EMA en loi de puissance de longueur relative σ_rel reconstruite à partir des instantanés de l'exécution (EMA a posteriori d'EDM2). Les moyennes courtes suivent les derniers pas, les longues lissent davantage.</translation>
    </message>
    <message>
        <location filename="../app/studio/ema_length.cpp" line="105"/>
        <source>As trained</source>
        <translation>Telle qu'entraînée</translation>
    </message>
    <message>
        <location filename="../app/studio/ema_length.cpp" line="109"/>
        <source>Power-function EMA snapshots of this run: %1, up to %2 images</source>
        <translation>Instantanés d'EMA en loi de puissance de cette exécution : %1, jusqu'à %2 images</translation>
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
        <translation>Une erreur est survenue et l'action a été interrompue ; vos modèles et entraînements sont intacts.

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
        <translation>&amp;Retouche</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="143"/>
        <source>Open base model…</source>
        <translation>Ouvrir le modèle de base…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="144"/>
        <source>Open consistency model…</source>
        <translation>Ouvrir le modèle de cohérence…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="152"/>
        <source>&lt;b&gt;Loaded models&lt;/b&gt;</source>
        <translation>&lt;b&gt;Modèles chargés&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="158"/>
        <source>Add model…</source>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="159"/>
        <location filename="../app/studio/main_window.cpp" line="249"/>
        <source>Load another model for Compare, keeping the base and consistency models</source>
        <translation>Charger un autre modèle pour la comparaison, en gardant les modèles de base et de cohérence</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="160"/>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="168"/>
        <source>Choose dataset folder…</source>
        <translation>Choisir le dossier de données…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="171"/>
        <source>Models</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="242"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="243"/>
        <source>Open &amp;consistency model…</source>
        <translation>Ouvrir le modèle de &amp;cohérence…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="246"/>
        <source>Open &amp;base model…</source>
        <translation>Ouvrir le modèle de &amp;base…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="247"/>
        <source>Ctrl+B</source>
        <translation>Ctrl+B</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="248"/>
        <source>&amp;Add model to the list…</source>
        <translation>&amp;Ajouter un modèle à la liste…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="250"/>
        <source>Open settings from &amp;image…</source>
        <translation>Ouvrir les réglages d'une &amp;image…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="251"/>
        <source>Open settings from an exported image</source>
        <translation>Ouvrir les réglages d'une image exportée</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="253"/>
        <source>Images (*.png *.jpg *.jpeg *.tif *.tiff *.exr)</source>
        <translation>Images (*.png *.jpg *.jpeg *.tif *.tiff *.exr)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="256"/>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="257"/>
        <source>Choose &amp;dataset folder…</source>
        <translation>Choisir le dossier de &amp;données…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="258"/>
        <source>&amp;Save model as</source>
        <translation>&amp;Enregistrer le modèle sous</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="259"/>
        <source>&amp;Consistency model…</source>
        <translation>Modèle de &amp;cohérence…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="259"/>
        <source>&amp;Base model…</source>
        <translation>Modèle de &amp;base…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="263"/>
        <location filename="../app/studio/main_window.cpp" line="417"/>
        <source>Save model</source>
        <translation>Enregistrer le modèle</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="263"/>
        <source>No model is loaded in that slot.</source>
        <translation>Aucun modèle n'est chargé à cet emplacement.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="267"/>
        <source>Save model as</source>
        <translation>Enregistrer le modèle sous</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="270"/>
        <source>Open &amp;recent model</source>
        <translation>Modèles &amp;récents</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="273"/>
        <source>&amp;Export figure…</source>
        <translation>&amp;Exporter la figure…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="274"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="278"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Préférences…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="282"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="285"/>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="293"/>
        <source>&amp;Models panel</source>
        <translation>Panneau des &amp;modèles</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="294"/>
        <source>Ctrl+M</source>
        <translation>Ctrl+M</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="307"/>
        <source>Add a model</source>
        <translation>Ajouter un modèle</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="309"/>
        <source>Model files (*.safetensors *.pkl);;ECT Studio models (*.safetensors);;Official EDM, EDM2 and ECT snapshots (*.pkl)</source>
        <translation>Fichiers de modèle (*.safetensors *.pkl);;Modèles ECT Studio (*.safetensors);;Instantanés officiels EDM, EDM2 et ECT (*.pkl)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="438"/>
        <source>%1 is now the %2.</source>
        <translation>%1 est maintenant le %2.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="438"/>
        <source>consistency model</source>
        <translation>modèle de cohérence</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="438"/>
        <source>base model</source>
        <translation>modèle de base</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="462"/>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="471"/>
        <location filename="../app/studio/main_window.cpp" line="479"/>
        <source>Training data: %1</source>
        <translation>Données d'entraînement : %1</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="474"/>
        <source>%1 does not exist.</source>
        <translation>%1 n'existe pas.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="483"/>
        <source>%1 is neither a model (.safetensors, .pkl), an image with settings, nor a dataset (a folder or a .zip).</source>
        <translation>%1 n'est ni un modèle (.safetensors, .pkl), ni une image avec des réglages, ni un jeu de données (un dossier ou un .zip).</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="593"/>
        <source> (base)</source>
        <translation> (base)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="594"/>
        <source> (consistency)</source>
        <translation> (cohérence)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="670"/>
        <source>Sampler settings restored from the parameters in %1</source>
        <translation>Réglages de l'échantillonneur restaurés depuis les paramètres de %1</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="126"/>
        <source>&amp;Training</source>
        <translation>&amp;Entraînement</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="127"/>
        <source>&amp;Sampler</source>
        <translation>É&amp;chantillonneur</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="128"/>
        <source>&amp;Compare</source>
        <translation>&amp;Comparaison</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="297"/>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="298"/>
        <source>&amp;About ECT Studio</source>
        <translation>À &amp;propos d'ECT Studio</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="299"/>
        <source>About ECT Studio</source>
        <translation>À propos d'ECT Studio</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="111"/>
        <source>&lt;b&gt;ECT Studio %1&lt;/b&gt;&lt;p&gt;Easy Consistency Tuning (Geng et al., ICLR 2025): tune a diffusion model into a consistency model that samples in one or two steps.&lt;/p&gt;&lt;p&gt;LibTorch %2&lt;/p&gt;</source>
        <translation>&lt;b&gt;ECT Studio %1&lt;/b&gt;&lt;p&gt;Easy Consistency Tuning (Geng et al., ICLR 2025) : transforme un modèle de diffusion en un modèle de cohérence qui génère en un ou deux pas.&lt;/p&gt;&lt;p&gt;LibTorch %2&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="307"/>
        <source>Open base model</source>
        <translation>Ouvrir le modèle de base</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="307"/>
        <source>Open consistency model</source>
        <translation>Ouvrir le modèle de cohérence</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="267"/>
        <source>Model files (*.safetensors)</source>
        <translation>Fichiers de modèle (*.safetensors)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="114"/>
        <source>&lt;p&gt;Bundled models: %1&lt;/p&gt;&lt;p&gt;Languages: %2&lt;/p&gt;</source>
        <translation>&lt;p&gt;Modèles fournis : %1&lt;/p&gt;&lt;p&gt;Langues : %2&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="115"/>
        <source>not installed</source>
        <translation>non installés</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="319"/>
        <source>Choose a dataset folder</source>
        <translation>Choisir un dossier de données</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="323"/>
        <source>Training data: %1 (type fashion-mnist for the built-in set)</source>
        <translation>Données d'entraînement : %1 (tapez fashion-mnist pour le jeu intégré)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="342"/>
        <source>Cannot open model</source>
        <translation>Impossible d'ouvrir le modèle</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="369"/>
        <source>Opened the official snapshot %1 (%2), converted in memory; File &gt; Save model as keeps it as a model file.</source>
        <translation>Instantané officiel %1 (%2) ouvert et converti en mémoire ; Fichier &gt; Enregistrer le modèle sous le garde comme fichier de modèle.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="410"/>
        <source>no model is loaded in that slot</source>
        <translation>aucun modèle n'est chargé à cet emplacement</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="420"/>
        <source>Saved %1</source>
        <translation>%1 enregistré</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="578"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;&lt;i&gt;none loaded&lt;/i&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;&lt;i&gt;aucun chargé&lt;/i&gt;</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="579"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;&lt;small&gt;%3 parameters&lt;br&gt;%4&lt;/small&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;&lt;small&gt;%3 paramètres&lt;br&gt;%4&lt;/small&gt;</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="584"/>
        <source>Consistency model</source>
        <translation>Modèle de cohérence</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="588"/>
        <source>Base diffusion model</source>
        <translation>Modèle de diffusion de base</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="599"/>
        <source>&lt;b&gt;Dataset&lt;/b&gt;&lt;br&gt;%1</source>
        <translation>&lt;b&gt;Jeu de données&lt;/b&gt;&lt;br&gt;%1</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="606"/>
        <source>%1 MiB</source>
        <translation>%1 Mio</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="607"/>
        <source> · GPU %1 MiB</source>
        <translation> · GPU %1 Mio</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="666"/>
        <source>%1 holds no ECT Studio settings and no generation parameters.</source>
        <translation>%1 ne contient ni réglages d'ECT Studio ni paramètres de génération.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="668"/>
        <location filename="../app/studio/main_window.cpp" line="689"/>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="616"/>
        <source>There is nothing to export in this area yet.</source>
        <translation>Il n'y a encore rien à exporter ici.</translation>
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
        <translation>%1 exporté</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="635"/>
        <source>Export figure</source>
        <translation>Exporter la figure</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="636"/>
        <source>PNG with settings (*.png);;JPEG (*.jpg);;TIFF (*.tif);;OpenEXR (*.exr)</source>
        <translation>PNG avec réglages (*.png);;JPEG (*.jpg);;TIFF (*.tif);;OpenEXR (*.exr)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="647"/>
        <source>Open settings from image</source>
        <translation>Ouvrir les réglages d'une image</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="675"/>
        <source>%1: the stored settings are damaged.</source>
        <translation>%1 : les réglages enregistrés sont endommagés.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="678"/>
        <source>%1 holds settings of a kind this version cannot restore (%2).</source>
        <translation>%1 contient des réglages d'un type que cette version ne sait pas restaurer (%2).</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="686"/>
        <source>The model %1 is not on this machine; using the loaded one.</source>
        <translation>Le modèle %1 n'est pas sur cette machine ; le modèle chargé est utilisé.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="691"/>
        <source>Settings restored from %1</source>
        <translation>Réglages restaurés depuis %1</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="706"/>
        <source>The language changes when ECT Studio starts again.</source>
        <translation>La langue change au prochain démarrage d'ECT Studio.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="757"/>
        <source>Saving the training run before closing…</source>
        <translation>Enregistrement de l'entraînement avant fermeture…</translation>
    </message>
</context>
<context>
    <name>studio::PreferencesDialog</name>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="33"/>
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="36"/>
        <source>System default</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="45"/>
        <source>Automatic (CUDA when present)</source>
        <translation>Automatique (CUDA si présent)</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="46"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="52"/>
        <source>Automatic (fp32 on the CPU, TF32 on CUDA)</source>
        <translation>Automatique (fp32 sur le CPU, TF32 avec CUDA)</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="53"/>
        <source>fp32 (exact)</source>
        <translation>fp32 (exact)</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="54"/>
        <source>TF32 (CUDA tensor cores)</source>
        <translation>TF32 (cœurs tensoriels CUDA)</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="55"/>
        <source>bf16 (CUDA autocast)</source>
        <translation>bf16 (autocast CUDA)</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="60"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="61"/>
        <source>Sampling device</source>
        <translation>Périphérique d'échantillonnage</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="62"/>
        <source>Precision</source>
        <translation>Précision</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="63"/>
        <source>CPU threads</source>
        <translation>Threads CPU</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="64"/>
        <source>Export format</source>
        <translation>Format d'export</translation>
    </message>
    <message>
        <location filename="../app/studio/preferences_dialog.cpp" line="65"/>
        <source>A new language applies when the studio starts again.</source>
        <translation>Une nouvelle langue s'applique au prochain démarrage du studio.</translation>
    </message>
</context>
<context>
    <name>studio::SamplerPanel</name>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="55"/>
        <source>Grid of seeds</source>
        <translation>Grille de graines</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="56"/>
        <source>Interpolate two seeds</source>
        <translation>Interpoler deux graines</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="57"/>
        <source>Interpolate four corner seeds</source>
        <translation>Interpoler quatre graines de coin</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="67"/>
        <source>e.g. 0.821 (2 steps)</source>
        <translation>p. ex. 0.821 (2 pas)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="68"/>
        <source>Consistency mid levels t₁ &gt; t₂ &gt; … (steps − 1 values, below 80)</source>
        <translation>Niveaux intermédiaires t₁ &gt; t₂ &gt; … (pas − 1 valeurs, sous 80)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="109"/>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="110"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="112"/>
        <source>Sampler</source>
        <translation>Échantillonneur</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="113"/>
        <source>Steps</source>
        <translation>Pas</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="114"/>
        <source>Mid levels</source>
        <translation>Niveaux médians</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="115"/>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="118"/>
        <source>Random</source>
        <translation>Au hasard</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="119"/>
        <source>A random first seed</source>
        <translation>Une première graine au hasard</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="125"/>
        <location filename="../app/studio/sampler_panel.cpp" line="221"/>
        <source>Seed</source>
        <translation>Graine</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="127"/>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="132"/>
        <source>Samples in row</source>
        <translation>Échantillons par ligne</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="151"/>
        <source>Open a consistency or base model (File menu) to see samples.</source>
        <translation>Ouvrez un modèle de cohérence ou de base (menu Fichier) pour voir des échantillons.</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="174"/>
        <source>Cannot sample: %1</source>
        <translation>Échantillonnage impossible : %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="226"/>
        <source>Top-right corner</source>
        <translation>Coin en haut à droite</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="374"/>
        <source>All classes in turn</source>
        <translation>Chaque classe à son tour</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="457"/>
        <source>Check the settings: %1</source>
        <translation>Vérifiez les réglages : %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="460"/>
        <source>Sampling…</source>
        <translation>Échantillonnage…</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="649"/>
        <source>seeds %1, %2, %3, %4 at (%5, %6)</source>
        <translation>graines %1, %2, %3, %4 à (%5, %6)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="652"/>
        <source>seed %1 → %2 at %3</source>
        <translation>graine %1 → %2 à %3</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="549"/>
        <location filename="../app/studio/sampler_panel.cpp" line="569"/>
        <location filename="../app/studio/sampler_panel.cpp" line="655"/>
        <source> · class %1</source>
        <translation> · classe %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="58"/>
        <source>X/Y plot</source>
        <translation>Tableau X/Y</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="59"/>
        <source>One sample per cell: the columns and rows vary two settings, the noise stays</source>
        <translation>Un échantillon par case : colonnes et lignes font varier deux réglages, le bruit reste le même</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="95"/>
        <source>Nothing (one row)</source>
        <translation>Rien (une ligne)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="102"/>
        <source>Comma-separated values; whole numbers also as ranges (0-7, 0-20 (+5)); classes and samplers by name; &quot;all&quot; for every class, sampler or checkpoint; mid levels as level lists separated by &apos;;&apos; (0.821; 2.756,0.7144)</source>
        <translation>Valeurs séparées par des virgules ; nombres entiers aussi en plages (0-7, 0-20 (+5)) ; classes et échantillonneurs par leur nom ; « all » pour chaque classe, échantillonneur ou point de contrôle ; niveaux intermédiaires en listes séparées par ';' (0.821; 2.756,0.7144)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="111"/>
        <source>EMA length</source>
        <translation>Longueur de l'EMA</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="129"/>
        <source>Seed B</source>
        <translation>Graine B</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="130"/>
        <source>Seed C</source>
        <translation>Graine C</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="131"/>
        <source>Seed D</source>
        <translation>Graine D</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="133"/>
        <location filename="../app/studio/sampler_panel.cpp" line="230"/>
        <source>Position across</source>
        <translation>Position horizontale</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="134"/>
        <source>Position down</source>
        <translation>Position verticale</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="135"/>
        <source>X axis</source>
        <translation>Axe X</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="136"/>
        <source>X values</source>
        <translation>Valeurs X</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="137"/>
        <source>Y axis</source>
        <translation>Axe Y</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="138"/>
        <source>Y values</source>
        <translation>Valeurs Y</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="221"/>
        <source>Seed A</source>
        <translation>Graine A</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="223"/>
        <source>Top-left corner</source>
        <translation>Coin supérieur gauche</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="224"/>
        <source>Every cell&apos;s seed, unless an axis varies the seed</source>
        <translation>La graine de chaque case, sauf si un axe la fait varier</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="227"/>
        <source>Bottom-left corner</source>
        <translation>Coin inférieur gauche</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="228"/>
        <source>Bottom-right corner</source>
        <translation>Coin inférieur droit</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="230"/>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="271"/>
        <source>e.g. %1</source>
        <translation>p. ex. %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="306"/>
        <source>%1 (consistency)</source>
        <translation>%1 (cohérence)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="307"/>
        <source>%1 (base)</source>
        <translation>%1 (base)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="393"/>
        <source>none at 1 step</source>
        <translation>aucun à 1 pas</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="394"/>
        <source>%1 steps: enter %2 levels</source>
        <translation>%1 pas : saisir %2 niveaux</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="395"/>
        <source>default: %1 (%2 steps)</source>
        <translation>par défaut : %1 (%2 pas)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="471"/>
        <source>Cancelled: the grid shown is of earlier settings.</source>
        <translation>Annulé : la grille affichée correspond aux réglages précédents.</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="484"/>
        <source>1 step</source>
        <translation>1 pas</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="484"/>
        <source>%1 steps</source>
        <translation>%1 pas</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="485"/>
        <source>mid %1</source>
        <translation>niveau %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="486"/>
        <source>step %1</source>
        <translation>pas %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="552"/>
        <source> · mid %1</source>
        <translation> · niveau intermédiaire %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="553"/>
        <source> · step %1</source>
        <translation> · pas %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="565"/>
        <source>at (%1, %2)</source>
        <translation>à (%1, %2)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="566"/>
        <source>at %1</source>
        <translation>à %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="577"/>
        <source>Enlarge</source>
        <translation>Agrandir</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="578"/>
        <source>Edit this image</source>
        <translation>Retoucher cette image</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="579"/>
        <source>Sampler: %1</source>
        <translation>Échantillonneur : %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="584"/>
        <location filename="../app/studio/sampler_panel.cpp" line="596"/>
        <source>Copy seed %1</source>
        <translation>Copier la graine %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="585"/>
        <source>Use these settings for a grid</source>
        <translation>Utiliser ces réglages pour une grille</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="589"/>
        <source>Open this checkpoint in the Sampler</source>
        <translation>Ouvrir ce point de contrôle dans l'échantillonneur</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="593"/>
        <source>Compare this checkpoint with the base model</source>
        <translation>Comparer ce point de contrôle au modèle de base</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="597"/>
        <source>Start the grid at seed %1</source>
        <translation>Commencer la grille à la graine %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="598"/>
        <source>Interpolate from seed %1</source>
        <translation>Interpoler depuis la graine %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="666"/>
        <source>%1 × %2 plot · %3 ms per image</source>
        <translation>Tableau %1 × %2 · %3 ms par image</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="667"/>
        <source>%1 cells, %2 network evaluations</source>
        <translation>%1 cases, %2 évaluations du réseau</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="671"/>
        <source>%1 samples · NFE %2 · %3 ms per image</source>
        <translation>%1 échantillons · NFE %2 · %3 ms par image</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="676"/>
        <source>NFE %1 per image</source>
        <translation>NFE %1 par image</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="696"/>
        <source>%1 · %2 · NFE %3 · seed %4 → seed %5</source>
        <translation>%1 · %2 · NFE %3 · graine %4 → graine %5</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="698"/>
        <source>spherical interpolation of the two seeds&apos; noise</source>
        <translation>interpolation sphérique du bruit des deux graines</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="702"/>
        <source>%1 · %2 · NFE %3 · corner seeds %4, %5, %6, %7</source>
        <translation>%1 · %2 · NFE %3 · graines des coins %4, %5, %6, %7</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="709"/>
        <source>across: seed %1 → %2 (top), %3 → %4 (bottom)</source>
        <translation>en travers : graine %1 → %2 (haut), %3 → %4 (bas)</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="710"/>
        <source>down</source>
        <translation>vers le bas</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="720"/>
        <source>NFE %1</source>
        <translation>NFE %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="723"/>
        <source>class %1</source>
        <translation>classe %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="733"/>
        <source>%1 · %2 · NFE %3 · seeds %4–%5</source>
        <translation>%1 · %2 · NFE %3 · graines %4–%5</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="483"/>
        <location filename="../app/studio/sampler_panel.cpp" line="508"/>
        <location filename="../app/studio/sampler_panel.cpp" line="548"/>
        <location filename="../app/studio/sampler_panel.cpp" line="560"/>
        <location filename="../app/studio/sampler_panel.cpp" line="721"/>
        <source>seed %1</source>
        <translation>graine %1</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="738"/>
        <source>image = row seed + column</source>
        <translation>image = graine de la ligne + colonne</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="739"/>
        <source>seed</source>
        <translation>graine</translation>
    </message>
    <message>
        <location filename="../app/studio/sampler_panel.cpp" line="807"/>
        <source>These are not the Sampler&apos;s settings.</source>
        <translation>Ce ne sont pas des réglages de l'échantillonneur.</translation>
    </message>
</context>
<context>
    <name>studio::TrainingPanel</name>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="109"/>
        <source>ECT tuning</source>
        <translation>Ajustement ECT</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="110"/>
        <source>Diffusion pretraining (EDM)</source>
        <translation>Pré-entraînement de diffusion (EDM)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="155"/>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="156"/>
        <source> steps</source>
        <translation> pas</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="157"/>
        <source>Measure sample quality (FD of 2,000 samples against the test images; tuning: 1- and 2-step, pretraining: Heun) every this many steps, charted beside the loss</source>
        <translation>Mesurer la qualité (FD de 2 000 échantillons contre les images de test ; réglage : 1 et 2 pas, pré-entraînement : Heun) tous les N pas, tracée à côté de la perte</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="201"/>
        <location filename="../app/studio/training_panel.cpp" line="424"/>
        <location filename="../app/studio/training_panel.cpp" line="460"/>
        <location filename="../app/studio/training_panel.cpp" line="823"/>
        <source>Training</source>
        <translation>Entraînement</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="205"/>
        <source>Preset</source>
        <translation>Préréglage</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="208"/>
        <location filename="../app/studio/training_panel.cpp" line="209"/>
        <source>Base model</source>
        <translation>Modèle de base</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="140"/>
        <source>base diffusion model (.safetensors, or an official .pkl snapshot)</source>
        <translation>modèle de diffusion de base (.safetensors, ou instantané officiel .pkl)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="188"/>
        <location filename="../app/studio/training_panel.cpp" line="190"/>
        <location filename="../app/studio/training_panel.cpp" line="717"/>
        <location filename="../app/studio/training_panel.cpp" line="718"/>
        <source>from the data</source>
        <translation>selon les données</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="672"/>
        <source>Image size N×N of a new network; other data is centre-cropped and resized to it</source>
        <translation>Taille d'image N×N d'un nouveau réseau ; les autres données sont recadrées au centre et redimensionnées</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="70"/>
        <source>grayscale</source>
        <translation>niveaux de gris</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="70"/>
        <source>RGB</source>
        <translation>RVB</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="111"/>
        <source>CMT mid-training</source>
        <translation>Entraînement intermédiaire CMT</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="135"/>
        <source>none (e.g. 0.05, 0.10)</source>
        <translation>aucun (p. ex. 0.05, 0.10)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="136"/>
        <source>Power-function EMA profiles (EDM2) kept beside the EMA, by relative length σ_rel: each checkpoint keeps their snapshots, and the Sampler and Compare areas can then choose any EMA length after training</source>
        <translation>Profils d'EMA en loi de puissance (EDM2) conservés à côté de l'EMA, par longueur relative σ_rel : chaque point de sauvegarde garde leurs instantanés, et les zones Échantillonneur et Comparaison peuvent ensuite choisir toute longueur d'EMA après l'entraînement</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="167"/>
        <source>seconds</source>
        <translation>secondes</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="168"/>
        <source>steps</source>
        <translation>pas</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="176"/>
        <source>A new grid of 1-step samples on fixed noise this often (and at the start and the end)</source>
        <translation>Une nouvelle grille d'échantillons en 1 pas sur un bruit fixe à cette fréquence (et au début et à la fin)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="178"/>
        <source>Save the run (to continue it later) and a model to sample or compare this often</source>
        <translation>Sauvegarder l'entraînement (pour le poursuivre) et un modèle à échantillonner ou comparer à cette fréquence</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="202"/>
        <source>Every option of the objective</source>
        <translation>Toutes les options de l'objectif</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="203"/>
        <source>Also the options most runs leave as the preset sets them</source>
        <translation>Aussi les options que la plupart des exécutions laissent telles que le préréglage les fixe</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="207"/>
        <source>Network family</source>
        <translation>Famille de réseau</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="210"/>
        <source>Model files (*.safetensors *.pkl)</source>
        <translation>Fichiers de modèle (*.safetensors *.pkl)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="213"/>
        <source>Dataset</source>
        <translation>Jeu de données</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="214"/>
        <source>Image folder</source>
        <translation>Dossier d'images</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="218"/>
        <source>Resolution</source>
        <translation>Résolution</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="219"/>
        <source>Channels</source>
        <translation>Canaux</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="220"/>
        <source>Batch</source>
        <translation>Lot</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="221"/>
        <source>Learning rate</source>
        <translation>Taux d'apprentissage</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="222"/>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="223"/>
        <source>EMA profiles</source>
        <translation>Profils d'EMA</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="224"/>
        <source>Steps</source>
        <translation>Pas</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="225"/>
        <source>Grids every</source>
        <translation>Grilles toutes les</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="226"/>
        <source>Checkpoints every</source>
        <translation>Sauvegarde toutes les</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="227"/>
        <source>Measure FD every</source>
        <translation>Mesurer la FD tous les</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="228"/>
        <source>Device</source>
        <translation>Périphérique</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="229"/>
        <location filename="../app/studio/training_panel.cpp" line="230"/>
        <source>Run folder</source>
        <translation>Dossier du run</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="233"/>
        <source>Start</source>
        <translation>Démarrer</translation>
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
        <translation>Arrêter</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="236"/>
        <source>Resume run…</source>
        <translation>Reprendre un run…</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="237"/>
        <location filename="../app/studio/training_panel.cpp" line="1133"/>
        <source>Watch run…</source>
        <translation>Suivre un run…</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="238"/>
        <source>Follow a run another process writes (e.g. `ect tune` on a GPU server, its folder synced or mounted), read-only</source>
        <translation>Suivre un entraînement écrit par un autre processus (p. ex. `ect tune` sur un serveur GPU, dossier synchronisé ou monté), en lecture seule</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="247"/>
        <location filename="../app/studio/training_panel.cpp" line="1127"/>
        <source>Not running.</source>
        <translation>À l'arrêt.</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="270"/>
        <source>Log scale</source>
        <translation>Échelle log</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="273"/>
        <source>x: steps</source>
        <translation>x : pas</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="273"/>
        <source>x: images</source>
        <translation>x : images</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="275"/>
        <source>Smoothing</source>
        <translation>Lissage</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="282"/>
        <source>1-step samples on fixed noise appear here as training goes.</source>
        <translation>Les échantillons en 1 pas sur bruit fixe apparaissent ici pendant l'entraînement.</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="299"/>
        <source>The models this run saved at its checkpoints</source>
        <translation>Les modèles enregistrés à chaque sauvegarde de cet entraînement</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="300"/>
        <source>Sampler</source>
        <translation>Échantillonneur</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="301"/>
        <source>Open this model in the Sampler</source>
        <translation>Ouvrir ce modèle dans l'échantillonneur</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="302"/>
        <source>Compare</source>
        <translation>Comparaison</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="303"/>
        <source>Compare this model with the base model</source>
        <translation>Comparer ce modèle au modèle de base</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="306"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="359"/>
        <source>Run folder to resume</source>
        <translation>Dossier du run à reprendre</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="364"/>
        <source>Run folder to watch</source>
        <translation>Dossier d'entraînement à suivre</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="383"/>
        <source>Running %1 in %2, step %3 of %4</source>
        <translation>%1 en cours dans %2, pas %3 sur %4</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="398"/>
        <source>Step %1 of %2 · loss %3 · %4 it/s · ETA %5</source>
        <translation>Pas %1 sur %2 · perte %3 · %4 it/s · reste %5</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="425"/>
        <source>The saved state of %1 has no checksum.</source>
        <translation>L'état enregistré de %1 n'a pas de somme de contrôle.</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="426"/>
        <source>It was written by an older ECT Studio or by another program, so damage to it cannot be detected. Its contents are still checked. Resume from it as it is?</source>
        <translation>Il a été écrit par une version plus ancienne d'ECT Studio ou par un autre programme : un dommage ne peut donc pas être détecté. Son contenu est tout de même vérifié. Reprendre à partir de lui tel quel ?</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="429"/>
        <source>Resume as it is</source>
        <translation>Reprendre tel quel</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="435"/>
        <source>Not resumed: %1</source>
        <translation>Non repris : %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="440"/>
        <source>Could not start: %1</source>
        <translation>Démarrage impossible : %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="497"/>
        <source>Training run %1 · step %2 · 1-step samples on fixed noise</source>
        <translation>Entraînement %1 · pas %2 · échantillons en 1 pas sur bruit fixe</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="518"/>
        <source>These are not a training run&apos;s settings.</source>
        <translation>Ce ne sont pas des réglages d'un entraînement.</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="532"/>
        <source>A training run is in progress; stop it to look at another run.</source>
        <translation>Un entraînement est en cours ; arrêtez-le pour consulter un autre entraînement.</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="533"/>
        <source>%1 is not a training run folder (it has no config.json).</source>
        <translation>%1 n'est pas un dossier d'entraînement (il ne contient pas de config.json).</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="628"/>
        <source>This run: batch %1, learning rate %2, %3 steps, dropout %4</source>
        <translation>Cet entraînement : lot %1, taux d'apprentissage %2, %3 pas, dropout %4</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="629"/>
        <source>Sets batch %1, learning rate %2, %3 steps, dropout %4</source>
        <translation>Fixe lot %1, taux d'apprentissage %2, %3 pas, dropout %4</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="641"/>
        <source>; %1 channels × [%2], %3 blocks per level</source>
        <translation> ; %1 canaux × [%2], %3 blocs par niveau</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="666"/>
        <source>Tuning keeps the base model&apos;s network family</source>
        <translation>L'ajustement garde la famille de réseau du modèle de base</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="671"/>
        <source>Tuning keeps the base model&apos;s image size; the data is resized to it</source>
        <translation>L'ajustement garde la taille d'image du modèle de base ; les données y sont redimensionnées</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="717"/>
        <location filename="../app/studio/training_panel.cpp" line="718"/>
        <source>from the data (%1)</source>
        <translation>selon les données (%1)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="724"/>
        <source>Cannot read this data: %1</source>
        <translation>Données illisibles : %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="735"/>
        <source>the base model&apos;s</source>
        <translation>comme le modèle de base</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="742"/>
        <source>Images: %1</source>
        <translation>Images : %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="744"/>
        <source>Images: %1, resized to %2 %3</source>
        <translation>Images : %1, redimensionnées en %3 (%2)</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="746"/>
        <source>Images: %1, resized to %2</source>
        <translation>Images : %1, redimensionnées en %2</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="824"/>
        <source>%1 already holds a training run.</source>
        <translation>%1 contient déjà un entraînement.</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="825"/>
        <source>Continue that run where it stopped, or start this one in a new folder (%1)?</source>
        <translation>Poursuivre cet entraînement là où il s'est arrêté, ou commencer celui-ci dans un nouveau dossier (%1) ?</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="827"/>
        <source>Continue that run</source>
        <translation>Poursuivre cet entraînement</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="828"/>
        <source>Start in %1</source>
        <translation>Commencer dans %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="964"/>
        <source>The run&apos;s log cannot be read: %1</source>
        <translation>Le journal de l'entraînement est illisible : %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1020"/>
        <source>%1 · step %2</source>
        <translation>%1 · pas %2</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1023"/>
        <source>%1 · newest</source>
        <translation>%1 · le plus récent</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1031"/>
        <source>none saved yet</source>
        <translation>aucun enregistré</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1039"/>
        <source>Continue</source>
        <translation>Continuer</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1040"/>
        <source>Paused at step %1 of %2. Continue goes on; Stop saves the run.</source>
        <translation>En pause au pas %1 sur %2. Continuer reprend ; Arrêter sauvegarde l'entraînement.</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1041"/>
        <source>Continuing at step %1 of %2…</source>
        <translation>Reprise au pas %1 sur %2…</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1048"/>
        <source>Stopping after this step…</source>
        <translation>Arrêt après ce pas…</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1077"/>
        <source>step %1</source>
        <translation>pas %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1078"/>
        <source>step 0: the starting model</source>
        <translation>pas 0 : le modèle de départ</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1085"/>
        <source>seed %1</source>
        <translation>graine %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1088"/>
        <source> · class %1</source>
        <translation> · classe %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1091"/>
        <source> · step %1 · %2</source>
        <translation> · pas %1 · %2</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1091"/>
        <source>Heun</source>
        <translation>Heun</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1091"/>
        <source>1 step</source>
        <translation>1 pas</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1100"/>
        <source>Enlarge</source>
        <translation>Agrandir</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1102"/>
        <source>Copy seed %1</source>
        <translation>Copier la graine %1</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1103"/>
        <source>Sample seed %1 with this run&apos;s newest model</source>
        <translation>Échantillonner la graine %1 avec le modèle le plus récent</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1117"/>
        <source>Watching %1 (read-only): %2 loss points, %3 grids</source>
        <translation>Suivi de %1 (lecture seule) : %2 points de perte, %3 grilles</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1133"/>
        <source>Stop watching</source>
        <translation>Arrêter le suivi</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1135"/>
        <source>Showing a run another process writes: the form is read-only while watching</source>
        <translation>Affiche un entraînement écrit par un autre processus : le formulaire est en lecture seule pendant le suivi</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1144"/>
        <source>Watching %1: the run folder is gone (waiting for it to come back).</source>
        <translation>Suivi de %1 : le dossier a disparu (en attente de son retour).</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1156"/>
        <source>Watching %1: the log cannot be read: %2</source>
        <translation>Suivi de %1 : le journal est illisible : %2</translation>
    </message>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="1187"/>
        <source>Watching %1 (read-only): %2 loss points, %3 grids (newest: step %4), updated %5</source>
        <translation>Suivi de %1 (lecture seule) : %2 points de perte, %3 grilles (la plus récente : pas %4), mis à jour %5</translation>
    </message>
</context>
<context>
    <name>studio::TrainingWorker</name>
    <message>
        <location filename="../app/studio/training_worker.cpp" line="31"/>
        <location filename="../app/studio/training_worker.cpp" line="48"/>
        <source>an unexpected error stopped training</source>
        <translation>une erreur inattendue a interrompu l'entraînement</translation>
    </message>
    <message>
        <location filename="../app/studio/training_worker.cpp" line="58"/>
        <source>%1 on %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <location filename="../app/studio/training_worker.cpp" line="83"/>
        <source>Training stopped: the loss became NaN or Inf. The last good checkpoint (step %1) is kept in %2</source>
        <translation>Entraînement arrêté : la perte est devenue NaN ou Inf. Le dernier bon point de contrôle (pas %1) est conservé dans %2</translation>
    </message>
    <message>
        <location filename="../app/studio/training_worker.cpp" line="87"/>
        <source>Finished %1 steps. Model: %2</source>
        <translation>%1 pas terminés. Modèle : %2</translation>
    </message>
    <message>
        <location filename="../app/studio/training_worker.cpp" line="89"/>
        <source>Stopped at step %1; state saved in %2</source>
        <translation>Arrêté au pas %1 ; état enregistré dans %2</translation>
    </message>
</context>
</TS>
