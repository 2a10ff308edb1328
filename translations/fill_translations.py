#!/usr/bin/env python3
"""Fills the studio's .ts files from the tables below (English source -> German, French).

Run after `lupdate app/studio widgets -ts translations/ect-studio_de.ts translations/ect-studio_fr.ts -no-obsolete`:
new source strings without an entry stay "unfinished" (Qt then shows the English text) and are listed.
"""
import html
import re
import sys
from pathlib import Path

T = {
    # source: (German, French)
    # The Edit area.
    "Both, side by side": ("Beide nebeneinander", "Les deux côte à côte"),
    "The consistency model's results above the base model's (Heun) for the same edit and seeds": ("Die Ergebnisse des Konsistenzmodells über denen des Basismodells (Heun), gleiche Bearbeitung und Seeds", "Les résultats du modèle de cohérence au-dessus de ceux du modèle de base (Heun), même retouche et mêmes graines"),
    "Load a base model to edit with it beside the consistency model.": ("Laden Sie ein Basismodell, um damit neben dem Konsistenzmodell zu bearbeiten.", "Chargez un modèle de base pour retoucher avec lui à côté du modèle de cohérence."),
    "The two models make different images (size, channels or classes): edit with one at a time.": ("Die beiden Modelle erzeugen verschiedene Bilder (Größe, Kanäle oder Klassen): bearbeiten Sie mit einem nach dem anderen.", "Les deux modèles produisent des images différentes (taille, canaux ou classes) : retouchez avec l'un à la fois."),
    "Heun NFE %1": ("Heun NFE %1", "Heun NFE %1"),
    "%1 (above) beside %2 (below, Heun): the same edit and seeds": ("%1 (oben) neben %2 (unten, Heun): gleiche Bearbeitung und Seeds", "%1 (en haut) à côté de %2 (en bas, Heun) : même retouche et mêmes graines"),
    "%1, Heun NFE %2": ("%1, Heun NFE %2", "%1, Heun NFE %2"),
    "%1, NFE %2": ("%1, NFE %2", "%1, NFE %2"),
    "%1, seed %2": ("%1, Seed %2", "%1, graine %2"),
    "%1 · NFE %2 beside Heun NFE %3 · %4 ms per pair of results": ("%1 · NFE %2 neben Heun NFE %3 · %4 ms je Ergebnispaar", "%1 · NFE %2 à côté de Heun NFE %3 · %4 ms par paire de résultats"),
    "%1 with %2 (NFE %3) and %4 (Heun, NFE %5)": ("%1 mit %2 (NFE %3) und %4 (Heun, NFE %5)", "%1 avec %2 (NFE %3) et %4 (Heun, NFE %5)"),
    "Edit this image": ("Dieses Bild bearbeiten", "Retoucher cette image"),
    "Sampler: %1": ("Sampler: %1", "Échantillonneur : %1"),
    "&Edit": ("&Bearbeiten", "&Retouche"),
    "Inpaint: fill what the brush marks": ("Ergänzen: füllen, was der Pinsel markiert", "Compléter : remplir ce que le pinceau marque"),
    "Super-resolution: detail from block means": ("Superauflösung: Details aus Blockmitteln", "Super-résolution : détails à partir des moyennes de blocs"),
    "Colorize: colour from grey (RGB models)": ("Einfärben: Farbe aus Grau (RGB-Modelle)", "Coloriser : couleur à partir du gris (modèles RVB)"),
    "Sketch: an image near the strokes": ("Skizze: ein Bild nahe den Strichen", "Croquis : une image proche des traits"),
    "Consistency model": ("Konsistenzmodell", "Modèle de cohérence"),
    "Base model (Heun)": ("Basismodell (Heun)", "Modèle de base (Heun)"),
    "A Fashion-MNIST test image (resized to the model's size)": ("Ein Fashion-MNIST-Testbild (auf die Größe des Modells gebracht)", "Une image de test Fashion-MNIST (à la taille du modèle)"),
    "Open image…": ("Bild öffnen…", "Ouvrir une image…"),
    "Test image": ("Testbild", "Image de test"),
    "Task": ("Aufgabe", "Tâche"),
    "Super-resolution from images this many times smaller (it must divide the size)": ("Superauflösung aus so viel mal kleineren Bildern (muss die Größe teilen)", "Super-résolution depuis des images autant de fois plus petites (doit diviser la taille)"),
    "Factor": ("Faktor", "Facteur"),
    "Evaluations": ("Auswertungen", "Évaluations"),
    "Decreasing levels, one evaluation each (empty: the model's defaults)": ("Fallende Stufen, je eine Auswertung (leer: die Vorgaben des Modells)", "Niveaux décroissants, une évaluation chacun (vide : ceux du modèle)"),
    "Levels": ("Stufen", "Niveaux"),
    "Heun steps": ("Heun-Schritte", "Pas de Heun"),
    "Results": ("Ergebnisse", "Résultats"),
    "Brush radius in image pixels": ("Pinselradius in Bildpixeln", "Rayon du pinceau en pixels de l'image"),
    "Eraser": ("Radierer", "Gomme"),
    "Brush": ("Pinsel", "Pinceau"),
    "Undo": ("Rückgängig", "Annuler"),
    "Clear": ("Leeren", "Effacer"),
    "Load a consistency model to edit": ("Zum Bearbeiten ein Konsistenzmodell laden", "Chargez un modèle de cohérence pour retoucher"),
    "Cannot edit: %1": ("Bearbeiten nicht möglich: %1", "Retouche impossible : %1"),
    "Open an image to edit": ("Ein Bild zum Bearbeiten öffnen", "Ouvrir une image à retoucher"),
    "Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)": ("Bilder (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)", "Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)"),
    "From the image": ("Aus dem Bild", "D'après l'image"),
    "Load this kind of model to edit with it.": ("Ein Modell dieser Art laden, um damit zu bearbeiten.", "Chargez un modèle de ce type pour retoucher avec."),
    "Cannot read the test images: %1": ("Die Testbilder lassen sich nicht lesen: %1", "Impossible de lire les images de test : %1"),
    "Fashion-MNIST test image %1": ("Fashion-MNIST-Testbild %1", "Image de test Fashion-MNIST %1"),
    "Load a model first: the image is resized to its size.": ("Zuerst ein Modell laden: das Bild wird auf seine Größe gebracht.", "Chargez d'abord un modèle : l'image est mise à sa taille."),
    "Cannot open the image: %1": ("Das Bild lässt sich nicht öffnen: %1", "Impossible d'ouvrir l'image : %1"),
    "Check the settings: %1": ("Einstellungen prüfen: %1", "Vérifiez les réglages : %1"),
    "Editing…": ("Bearbeite…", "Retouche…"),
    "A drawing on a black canvas": ("Eine Zeichnung auf schwarzem Grund", "Un dessin sur fond noir"),
    "What the edit keeps, then seed %1": ("Was die Bearbeitung behält, dann Seed %1", "Ce que la retouche garde, puis la graine %1"),
    "What the edit keeps, then seeds %1–%2": ("Was die Bearbeitung behält, dann Seeds %1–%2", "Ce que la retouche garde, puis les graines %1–%2"),
    "What the edit keeps": ("Was die Bearbeitung behält", "Ce que la retouche garde"),
    "%1 · NFE %2 · %3 ms per result": ("%1 · NFE %2 · %3 ms pro Ergebnis", "%1 · NFE %2 · %3 ms par résultat"),
    "input": ("Eingabe", "entrée"),
    "mask": ("Maske", "masque"),
    "kept": ("behalten", "gardé"),
    "%1 with %2, NFE %3": ("%1 mit %2, NFE %3", "%1 avec %2, NFE %3"),
    "These are not the Edit area's settings.": ("Dies sind keine Einstellungen des Bereichs Bearbeiten.", "Ce ne sont pas les réglages de la retouche."),
    # Compare's FD table.
    "Cancelled: the table shown is of an earlier measurement.":
        ("Abgebrochen: die gezeigte Tabelle stammt von einer früheren Messung.",
         "Annulé : le tableau affiché vient d'une mesure précédente."),
    "Cannot measure: %1": ("Messen nicht möglich: %1", "Mesure impossible : %1"),
    "Copy table": ("Tabelle kopieren", "Copier le tableau"),
    "FD of %1 samples per column (seeds %2…) against %3, in the bundled classifier's features.":
        ("FD von %1 Bildern pro Spalte (Seeds %2…) gegen %3, in den Merkmalen des mitgelieferten Klassifikators.",
         "FD de %1 échantillons par colonne (graines %2…) contre %3, dans les caractéristiques du classifieur fourni."),
    "FD table": ("FD-Tabelle", "Tableau FD"),
    "Measure FD": ("FD messen", "Mesurer la FD"),
    "Measuring %1 columns of %2 samples…": ("Messe %1 Spalten mit je %2 Bildern…",
                                             "Mesure de %1 colonnes de %2 échantillons…"),
    "NFE": ("NFE", "NFE"),
    "Real images to measure against: a dataset as the Training area names it (fashion-mnist:test, a folder, an EDM .zip)":
        ("Echte Bilder als Maßstab: ein Datensatz, wie ihn der Bereich Training nennt (fashion-mnist:test, ein "
         "Ordner, ein EDM-.zip)",
         "Images réelles de référence : un jeu de données tel que la zone Entraînement le nomme "
         "(fashion-mnist:test, un dossier, un .zip d'EDM)"),
    "Reference": ("Referenz", "Référence"),
    "Samples": ("Bilder", "Échantillons"),
    "Samples per column, seeds from the first seed on (fewer samples read higher: compare rows of one table)":
        ("Bilder pro Spalte, Seeds ab dem ersten Seed (weniger Bilder ergeben höhere Werte: Zeilen einer Tabelle "
         "vergleichen)",
         "Échantillons par colonne, graines à partir de la première (moins d'échantillons donnent des valeurs plus "
         "hautes : comparez les lignes d'un même tableau)"),
    "Load a model to measure.": ("Zum Messen ein Modell laden.", "Chargez un modèle pour mesurer."),
    # Compare over any number of models, the list of loaded models.
    " (base)": (" (Basis)", " (base)"),
    " (consistency)": (" (Konsistenz)", " (cohérence)"),
    " · from %1": (" · aus %1", " · depuis %1"),
    "%1 columns: untick a model or drop a sampler (at most %2).":
        ("%1 Spalten: ein Modell abwählen oder einen Sampler streichen (höchstens %2).",
         "%1 colonnes : décochez un modèle ou retirez un échantillonneur (au plus %2)."),
    "%1 models, same noise: %2": ("%1 Modelle, gleiches Rauschen: %2", "%1 modèles, même bruit : %2"),
    "%1 · %2 · NFE %3": ("%1 · %2 · NFE %3", "%1 · %2 · NFE %3"),
    "%1 · objective %2": ("%1 · Ziel %2", "%1 · objectif %2"),
    "%1, same noise": ("%1, gleiches Rauschen", "%1, même bruit"),
    "&Add model to the list…": ("Modell zur Liste &hinzufügen…", "&Ajouter un modèle à la liste…"),
    "<b>Loaded models</b>": ("<b>Geladene Modelle</b>", "<b>Modèles chargés</b>"),
    "Add a model": ("Ein Modell hinzufügen", "Ajouter un modèle"),
    "Add model…": ("Hinzufügen…", "Ajouter…"),  # beside Remove, under "Loaded models": short to fit the dock
    "Check the samplers: %1": ("Sampler prüfen: %1", "Vérifiez les échantillonneurs : %1"),
    "Load another model for Compare, keeping the base and consistency models":
        ("Ein weiteres Modell für den Vergleich laden; Basis- und Konsistenzmodell bleiben",
         "Charger un autre modèle pour la comparaison, en gardant les modèles de base et de cohérence"),
    "None of the samplers fits the ticked models: heun, euler and dpm++ sample diffusion models, cm consistency models.":
        ("Keiner der Sampler passt zu den gewählten Modellen: heun, euler und dpm++ sampeln Diffusionsmodelle, "
         "cm Konsistenzmodelle.",
         "Aucun échantillonneur ne convient aux modèles cochés : heun, euler et dpm++ échantillonnent les modèles "
         "de diffusion, cm les modèles de cohérence."),
    "Remove": ("Entfernen", "Retirer"),
    "Samplers": ("Sampler", "Échantillonneurs"),
    "Samplers for every ticked model that fits them: heun N, euler N and dpm++ N sample diffusion models, cm K consistency models (cm 2@1.4 sets the mid level; 3 steps: cm 3@2.7/0.7)":
        ("Sampler für jedes gewählte Modell, zu dem sie passen: heun N, euler N und dpm++ N sampeln "
         "Diffusionsmodelle, cm K Konsistenzmodelle (cm 2@1.4 setzt die Zwischenstufe; 3 Schritte: cm 3@2.7/0.7)",
         "Échantillonneurs pour chaque modèle coché auquel ils conviennent : heun N, euler N et dpm++ N "
         "échantillonnent les modèles de diffusion, cm K les modèles de cohérence (cm 2@1.4 fixe le niveau "
         "intermédiaire ; 3 pas : cm 3@2.7/0.7)"),
    "The loaded models (File > Add model to the list… loads more); ticked ones are compared, each a column per sampler of its kind":
        ("Die geladenen Modelle (Datei > Modell zur Liste hinzufügen… lädt weitere); gewählte werden verglichen, "
         "je eine Spalte pro Sampler ihrer Art",
         "Les modèles chargés (Fichier > Ajouter un modèle à la liste… en charge d'autres) ; les modèles cochés sont "
         "comparés, une colonne par échantillonneur de leur type"),
    "Tick at least one model to compare.": ("Mindestens ein Modell zum Vergleichen wählen.",
                                            "Cochez au moins un modèle à comparer."),
    "Tick the models to compare (File > Add model to the list… loads more).":
        ("Die zu vergleichenden Modelle wählen (Datei > Modell zur Liste hinzufügen… lädt weitere).",
         "Cochez les modèles à comparer (Fichier > Ajouter un modèle à la liste… en charge d'autres)."),
    "consistency": ("Konsistenz", "cohérence"),
    "diffusion": ("Diffusion", "diffusion"),
    "diffusion model · %1": ("Diffusionsmodell · %1", "modèle de diffusion · %1"),
    "model · sampler · NFE · time per image": ("Modell · Sampler · NFE · Zeit pro Bild",
                                               "modèle · échantillonneur · NFE · temps par image"),
    "the default, 0.821": ("Standard, 0.821", "par défaut, 0.821"),
    # Post-hoc EMA and the training form's family and profiles.
    "EMA length": ("EMA-Länge", "Longueur de l'EMA"),
    "As trained": ("Wie trainiert", "Telle qu'entraînée"),
    "EMA σ_rel %1": ("EMA σ_rel %1", "EMA σ_rel %1"),
    "Power-function EMA snapshots of this run: %1, up to %2 images":
        ("Potenzfunktions-EMA-Snapshots dieses Laufs: %1, bis %2 Bilder",
         "Instantanés d'EMA en loi de puissance de cette exécution : %1, jusqu'à %2 images"),
    "Which average of the weights the samples come from, chosen after training: the run's own EMA (as trained), or a power-function EMA of relative length σ_rel reconstructed from the run's snapshots (EDM2's post-hoc EMA). Short averages follow the last steps, long ones smooth more.":
        ("Aus welchem Mittel der Gewichte die Bilder stammen, gewählt nach dem Training: das EMA des Laufs "
         "(wie trainiert) oder ein Potenzfunktions-EMA der relativen Länge σ_rel, aus den Snapshots des Laufs "
         "rekonstruiert (Post-hoc-EMA von EDM2). Kurze Mittel folgen den letzten Schritten, lange glätten mehr.",
         "La moyenne des poids dont viennent les échantillons, choisie après l'entraînement : l'EMA de l'exécution "
         "(telle qu'entraînée) ou une EMA en loi de puissance de longueur relative σ_rel reconstruite à partir des "
         "instantanés de l'exécution (EMA a posteriori d'EDM2). Les moyennes courtes suivent les derniers pas, les "
         "longues lissent davantage."),
    "Network family": ("Netzwerkfamilie", "Famille de réseau"),
    "EMA profiles": ("EMA-Profile", "Profils d'EMA"),
    "none (e.g. 0.05, 0.10)": ("keine (z. B. 0.05, 0.10)", "aucun (p. ex. 0.05, 0.10)"),
    "Power-function EMA profiles (EDM2) kept beside the EMA, by relative length σ_rel: each checkpoint keeps their snapshots, and the Sampler and Compare areas can then choose any EMA length after training":
        ("Potenzfunktions-EMA-Profile (EDM2) neben dem EMA, nach relativer Länge σ_rel: jeder Checkpoint behält "
         "ihre Snapshots, und die Bereiche Sampler und Vergleich können dann nach dem Training jede EMA-Länge wählen",
         "Profils d'EMA en loi de puissance (EDM2) conservés à côté de l'EMA, par longueur relative σ_rel : chaque "
         "point de sauvegarde garde leurs instantanés, et les zones Échantillonneur et Comparaison peuvent ensuite "
         "choisir toute longueur d'EMA après l'entraînement"),
    "Tuning keeps the base model's network family":
        ("Das Tuning behält die Netzwerkfamilie des Basismodells", "L'ajustement garde la famille de réseau du modèle de base"),
    "loss": ("Verlust", "perte"),
    "smoothed": ("geglättet", "lissée"),
    "step": ("Schritt", "pas"),
    "thousands of images": ("Tausend Bilder", "milliers d'images"),
    "stage change": ("Stufenwechsel", "changement d'étape"),
    "%1 ms": ("%1 ms", "%1 ms"),
    "%1 s": ("%1 s", "%1 s"),
    "ECT %1 steps": ("ECT %1 Schritte", "ECT %1 pas"),
    "Heun %1": ("Heun %1", "Heun %1"),
    "Euler %1": ("Euler %1", "Euler %1"),
    "%1 · NFE %2": ("%1 · NFE %2", "%1 · NFE %2"),
    "…": ("…", "…"),
    "Open a base and a consistency model to compare them.":
        ("Öffnen Sie ein Basis- und ein Konsistenzmodell, um sie zu vergleichen.",
         "Ouvrez un modèle de base et un modèle de cohérence pour les comparer."),
    "Samplers across the grid: heun N / euler N use the base model, cm K the consistency model (cm 2@1.4 sets the mid level; 3 steps: cm 3@2.7/0.7)":
        ("Sampler in den Spalten: heun N / euler N nutzen das Basismodell, cm K das Konsistenzmodell "
         "(cm 2@1.4 setzt die Zwischenstufe; 3 Schritte: cm 3@2.7/0.7)",
         "Échantillonneurs en colonnes : heun N / euler N utilisent le modèle de base, cm K le modèle de cohérence "
         "(cm 2@1.4 fixe le niveau intermédiaire ; 3 pas : cm 3@2.7/0.7)"),
    "First seed": ("Erster Seed", "Première graine"),
    "Seeds (rows)": ("Seeds (Zeilen)", "Graines (lignes)"),
    "Class": ("Klasse", "Classe"),
    "Columns": ("Spalten", "Colonnes"),
    "Enlarged sample": ("Vergrößertes Bild", "Échantillon agrandi"),
    "A": ("A", "A"),
    "B": ("B", "B"),
    "Seed row": ("Seed-Zeile", "Ligne de graine"),
    "Swipe": ("Wischen", "Balayer"),
    "Show": ("Zeigen", "Afficher"),
    "Open a base diffusion model and a consistency model to compare them.":
        ("Öffnen Sie ein Basis-Diffusionsmodell und ein Konsistenzmodell, um sie zu vergleichen.",
         "Ouvrez un modèle de diffusion de base et un modèle de cohérence pour les comparer."),
    "Cannot compare: %1": ("Vergleich nicht möglich: %1", "Comparaison impossible : %1"),
    "All classes in turn": ("Alle Klassen reihum", "Chaque classe à son tour"),
    "Check the columns: %1": ("Spalten prüfen: %1", "Vérifiez les colonnes : %1"),
    "The columns need a model that is not loaded.":
        ("Die Spalten brauchen ein Modell, das nicht geladen ist.", "Les colonnes demandent un modèle qui n'est pas chargé."),
    "Comparing (columns without a loaded model are left out)…":
        ("Vergleiche (Spalten ohne geladenes Modell entfallen)…", "Comparaison (colonnes sans modèle chargé omises)…"),
    "Comparing…": ("Vergleiche…", "Comparaison…"),
    "<tr><td>%1</td><td align=right>&nbsp;%2 per image</td></tr>":
        ("<tr><td>%1</td><td align=right>&nbsp;%2 pro Bild</td></tr>", "<tr><td>%1</td><td align=right>&nbsp;%2 par image</td></tr>"),
    "<b>Measured on this machine</b><table>%1</table>":
        ("<b>Auf diesem Rechner gemessen</b><table>%1</table>", "<b>Mesuré sur cette machine</b><table>%1</table>"),
    "Same noise in every column: seed %1 + row.":
        ("Gleiches Rauschen in jeder Spalte: Seed %1 + Zeile.", "Même bruit dans chaque colonne : graine %1 + ligne."),
    "%1 (base) vs %2 (ECT), same noise": ("%1 (Basis) gegen %2 (ECT), gleiches Rauschen",
                                           "%1 (base) contre %2 (ECT), même bruit"),
    "seed %1": ("Seed %1", "graine %1"),
    "sampler · NFE · time per image": ("Sampler · NFE · Zeit pro Bild", "échantillonneur · NFE · temps par image"),
    "NFE %1": ("NFE %1", "NFE %1"),
    "default: %1 (2 steps)": ("Vorgabe: %1 (2 Schritte)", "par défaut : %1 (2 pas)"),
    "seed": ("Seed", "graine"),
    "ECT Studio": ("ECT Studio", "ECT Studio"),
    "Training": ("Training", "Entraînement"),
    "Sampler": ("Sampler", "Échantillonneur"),
    "Compare": ("Vergleich", "Comparaison"),
    "Open base model…": ("Basismodell öffnen…", "Ouvrir le modèle de base…"),
    "Open consistency model…": ("Konsistenzmodell öffnen…", "Ouvrir le modèle de cohérence…"),
    "Models": ("Modelle", "Modèles"),
    "&File": ("&Datei", "&Fichier"),
    "Open &consistency model…": ("&Konsistenzmodell öffnen…", "Ouvrir le modèle de &cohérence…"),
    "Open &base model…": ("&Basismodell öffnen…", "Ouvrir le modèle de &base…"),
    "Ctrl+B": ("Ctrl+B", "Ctrl+B"),
    "Open settings from &image…": ("Einstellungen aus &Bild öffnen…", "Ouvrir les réglages d'une &image…"),
    "Open settings from an exported image": ("Einstellungen aus einem exportierten Bild öffnen",
                                             "Ouvrir les réglages d'une image exportée"),
    "Images (*.png *.jpg *.jpeg *.tif *.tiff *.exr)": ("Bilder (*.png *.jpg *.jpeg *.tif *.tiff *.exr)",
                                                       "Images (*.png *.jpg *.jpeg *.tif *.tiff *.exr)"),
    "Ctrl+Shift+O": ("Ctrl+Shift+O", "Ctrl+Shift+O"),
    "Open &recent model": ("&Zuletzt geöffnetes Modell", "Modèles &récents"),
    "&Export figure…": ("Abbildung &exportieren…", "&Exporter la figure…"),
    "Ctrl+E": ("Ctrl+E", "Ctrl+E"),
    "&Preferences…": ("&Einstellungen…", "&Préférences…"),
    "&Quit": ("&Beenden", "&Quitter"),
    "&View": ("&Ansicht", "&Affichage"),
    "&Training": ("&Training", "&Entraînement"),
    "&Sampler": ("&Sampler", "É&chantillonneur"),
    "&Compare": ("&Vergleich", "&Comparaison"),
    "&Help": ("&Hilfe", "&Aide"),
    "&About ECT Studio": ("Über ECT &Studio", "À &propos d'ECT Studio"),
    "About ECT Studio": ("Über ECT Studio", "À propos d'ECT Studio"),
    "<b>ECT Studio %1</b><p>Easy Consistency Tuning (Geng et al., ICLR 2025): tune a diffusion model into a consistency model that samples in one or two steps.</p><p>LibTorch %2</p>":
        ("<b>ECT Studio %1</b><p>Easy Consistency Tuning (Geng et al., ICLR 2025): macht aus einem Diffusionsmodell "
         "ein Konsistenzmodell, das in einem oder zwei Schritten erzeugt.</p><p>LibTorch %2</p>",
         "<b>ECT Studio %1</b><p>Easy Consistency Tuning (Geng et al., ICLR 2025) : transforme un modèle de diffusion "
         "en un modèle de cohérence qui génère en un ou deux pas.</p><p>LibTorch %2</p>"),
    "Open base model": ("Basismodell öffnen", "Ouvrir le modèle de base"),
    "Open consistency model": ("Konsistenzmodell öffnen", "Ouvrir le modèle de cohérence"),
    "Model files (*.safetensors)": ("Modelldateien (*.safetensors)", "Fichiers de modèle (*.safetensors)"),
    "Cannot open model": ("Modell kann nicht geöffnet werden", "Impossible d'ouvrir le modèle"),
    "<b>%1</b><br><i>none loaded</i>": ("<b>%1</b><br><i>keines geladen</i>", "<b>%1</b><br><i>aucun chargé</i>"),
    "<b>%1</b><br>%2<br><small>%3 parameters<br>%4</small>":
        ("<b>%1</b><br>%2<br><small>%3 Parameter<br>%4</small>", "<b>%1</b><br>%2<br><small>%3 paramètres<br>%4</small>"),
    "Consistency model": ("Konsistenzmodell", "Modèle de cohérence"),
    "Base diffusion model": ("Basis-Diffusionsmodell", "Modèle de diffusion de base"),
    "<b>Dataset</b><br>%1": ("<b>Datensatz</b><br>%1", "<b>Jeu de données</b><br>%1"),
    "%1 MiB": ("%1 MiB", "%1 Mio"),
    "Training run %1 · step %2 · 1-step samples on fixed noise":
        ("Trainingslauf %1 · Schritt %2 · 1-Schritt-Bilder aus festem Rauschen",
         "Entraînement %1 · pas %2 · échantillons en 1 pas sur bruit fixe"),
    "There is nothing to export in this area yet.": ("In diesem Bereich gibt es noch nichts zu exportieren.",
                                                     "Il n'y a encore rien à exporter ici."),
    "Export": ("Export", "Export"),
    "Exported %1": ("%1 exportiert", "%1 exporté"),
    "Export figure": ("Abbildung exportieren", "Exporter la figure"),
    "PNG with settings (*.png);;JPEG (*.jpg);;TIFF (*.tif);;OpenEXR (*.exr)":
        ("PNG mit Einstellungen (*.png);;JPEG (*.jpg);;TIFF (*.tif);;OpenEXR (*.exr)",
         "PNG avec réglages (*.png);;JPEG (*.jpg);;TIFF (*.tif);;OpenEXR (*.exr)"),
    "Open settings from image": ("Einstellungen aus Bild öffnen", "Ouvrir les réglages d'une image"),
    "%1 holds no ECT Studio settings (only images exported as PNG by the studio do).":
        ("%1 enthält keine ECT-Studio-Einstellungen (nur vom Studio als PNG exportierte Bilder haben sie).",
         "%1 ne contient aucun réglage d'ECT Studio (seules les images PNG exportées par le studio en ont)."),
    "%1: the stored settings are damaged.": ("%1: Die gespeicherten Einstellungen sind beschädigt.",
                                            "%1 : les réglages enregistrés sont endommagés."),
    "The model %1 is not on this machine; using the loaded one.":
        ("Das Modell %1 ist auf diesem Rechner nicht vorhanden; das geladene wird verwendet.",
         "Le modèle %1 n'est pas sur cette machine ; le modèle chargé est utilisé."),
    "%1 was exported from the %2 area, whose settings cannot be restored.":
        ("%1 wurde aus dem Bereich %2 exportiert, dessen Einstellungen nicht wiederhergestellt werden können.",
         "%1 a été exporté depuis la zone %2, dont les réglages ne peuvent pas être restaurés."),
    "Settings restored from %1": ("Einstellungen aus %1 wiederhergestellt", "Réglages restaurés depuis %1"),
    "Preferences": ("Einstellungen", "Préférences"),
    "System default": ("Systemvorgabe", "Langue du système"),
    "Language": ("Sprache", "Langue"),
    "CPU threads": ("CPU-Threads", "Threads CPU"),
    "Export format": ("Exportformat", "Format d'export"),
    "A new language applies when the studio starts again.": ("Eine neue Sprache gilt ab dem nächsten Start des Studios.",
                                                             "Une nouvelle langue s'applique au prochain démarrage du studio."),
    "The language changes when ECT Studio starts again.": ("Die Sprache wechselt beim nächsten Start von ECT Studio.",
                                                           "La langue change au prochain démarrage d'ECT Studio."),
    "Saving the training run before closing…": ("Trainingslauf wird vor dem Schließen gespeichert…",
                                                "Enregistrement de l'entraînement avant fermeture…"),
    "Grid of seeds": ("Raster aus Seeds", "Grille de graines"),
    "Interpolate two seeds": ("Zwei Seeds interpolieren", "Interpoler deux graines"),
    "Consistency (ECT)": ("Konsistenz (ECT)", "Cohérence (ECT)"),
    "EDM Heun": ("EDM Heun", "EDM Heun"),
    "DPM-Solver++ (2M)": ("DPM-Solver++ (2M)", "DPM-Solver++ (2M)"),
    "DPM++": ("DPM++", "DPM++"),
    "EDM Euler": ("EDM Euler", "EDM Euler"),
    "e.g. 0.821 (2 steps)": ("z. B. 0.821 (2 Schritte)", "p. ex. 0.821 (2 pas)"),
    "Consistency mid levels t₁ > t₂ > … (steps − 1 values, below 80)":
        ("Zwischenstufen der Konsistenz t₁ > t₂ > … (Schritte − 1 Werte, unter 80)",
         "Niveaux intermédiaires t₁ > t₂ > … (pas − 1 valeurs, sous 80)"),
    "Mode": ("Modus", "Mode"),
    "Model": ("Modell", "Modèle"),
    "Steps": ("Schritte", "Pas"),
    "Mid levels": ("Zwischenstufen", "Niveaux médians"),
    "Seed": ("Seed", "Graine"),
    "Images": ("Bilder", "Images"),
    "Second seed": ("Zweiter Seed", "Deuxième graine"),
    "Samples in row": ("Bilder in der Reihe", "Échantillons par ligne"),
    "Amount": ("Anteil", "Proportion"),
    "Open a consistency or base model (File menu) to see samples.":
        ("Öffnen Sie ein Konsistenz- oder Basismodell (Menü Datei), um Bilder zu sehen.",
         "Ouvrez un modèle de cohérence ou de base (menu Fichier) pour voir des échantillons."),
    "Cannot sample: %1": ("Erzeugen nicht möglich: %1", "Échantillonnage impossible : %1"),
    "Check the settings: %1": ("Einstellungen prüfen: %1", "Vérifiez les réglages : %1"),
    "Sampling…": ("Erzeuge…", "Échantillonnage…"),
    "seed %1 → %2 at %3": ("Seed %1 → %2 bei %3", "graine %1 → %2 à %3"),
    "%1 samples · NFE %2 · %3 ms per image": ("%1 Bilder · NFE %2 · %3 ms pro Bild", "%1 échantillons · NFE %2 · %3 ms par image"),
    "NFE %1 per image": ("NFE %1 pro Bild", "NFE %1 par image"),
    "%1 %2 steps": ("%1 %2 Schritte", "%1 %2 pas"),
    "%1 1 step": ("%1 1 Schritt", "%1 1 pas"),
    " steps": (" Schritte", " pas"),
    "ECT": ("ECT", "ECT"),
    "Heun": ("Heun", "Heun"),
    "Euler": ("Euler", "Euler"),
    "FD": ("FD", "FD"),
    "FD %1": ("FD %1", "FD %1"),
    "Measure FD every": ("FD messen alle", "Mesurer la FD tous les"),
    "never": ("nie", "jamais"),
    "Measure sample quality (FD of 2,000 samples against the test images; tuning: 1- and 2-step, pretraining: Heun) every this many steps, charted beside the loss":
        ("Bildqualität (FD von 2.000 Bildern gegen die Testbilder; Tuning: 1 und 2 Schritte, Vortraining: Heun) "
         "alle so viele Schritte messen, neben dem Verlust dargestellt",
         "Mesurer la qualité (FD de 2 000 échantillons contre les images de test ; réglage : 1 et 2 pas, "
         "pré-entraînement : Heun) tous les N pas, tracée à côté de la perte"),
    "%1 · %2 · NFE %3 · seed %4 → seed %5": ("%1 · %2 · NFE %3 · Seed %4 → Seed %5", "%1 · %2 · NFE %3 · graine %4 → graine %5"),
    "spherical interpolation of the two seeds' noise": ("sphärische Interpolation des Rauschens beider Seeds",
                                                        "interpolation sphérique du bruit des deux graines"),
    "%1 · %2 · NFE %3 · seeds %4–%5": ("%1 · %2 · NFE %3 · Seeds %4–%5", "%1 · %2 · NFE %3 · graines %4–%5"),
    "class %1": ("Klasse %1", "classe %1"),
    "image = row seed + column": ("Bild = Seed der Zeile + Spalte", "image = graine de la ligne + colonne"),
    "ECT tuning": ("ECT-Tuning", "Ajustement ECT"),
    "Diffusion pretraining (EDM)": ("Diffusions-Vortraining (EDM)", "Pré-entraînement de diffusion (EDM)"),
    "CMT mid-training": ("CMT-Zwischentraining", "Entraînement intermédiaire CMT"),
    "base diffusion model (.safetensors)": ("Basis-Diffusionsmodell (.safetensors)", "modèle de diffusion de base (.safetensors)"),
    "Preset": ("Vorlage", "Préréglage"),
    "Base model": ("Basismodell", "Modèle de base"),
    "Dataset": ("Datensatz", "Jeu de données"),
    "Image folder": ("Bildordner", "Dossier d'images"),
    "Batch": ("Batch", "Lot"),
    "Learning rate": ("Lernrate", "Taux d'apprentissage"),
    "q (gap shrink)": ("q (Abstandsverkleinerung)", "q (réduction de l'écart)"),
    "Stage length (kimg)": ("Stufenlänge (kimg)", "Durée d'étape (kimg)"),
    # The objectives' option labels (core describes them; the Training form translates them).
    "ln σ mean": ("ln σ Mittelwert", "Moyenne de ln σ"),
    "ln σ deviation": ("ln σ Standardabweichung", "Écart type de ln σ"),
    "Grid Heun steps": ("Heun-Schritte der Raster", "Pas de Heun des grilles"),
    "k (mapping)": ("k (Abbildung)", "k (correspondance)"),
    "b (mapping slope)": ("b (Steigung)", "b (pente)"),
    "Every option of the objective": ("Alle Optionen des Trainingsziels", "Toutes les options de l'objectif"),
    "Also the options most runs leave as the preset sets them":
        ("Auch die Optionen, die die meisten Läufe so lassen, wie die Vorlage sie setzt",
         "Aussi les options que la plupart des exécutions laissent telles que le préréglage les fixe"),
    "c (pseudo-Huber)": ("c (Pseudo-Huber)", "c (pseudo-Huber)"),
    "Mapping": ("Abbildung", "Correspondance"),
    "Weighting": ("Gewichtung", "Pondération"),
    "ln t mean": ("ln t Mittelwert", "Moyenne de ln t"),
    "ln t deviation": ("ln t Standardabweichung", "Écart type de ln t"),
    "2-step mid level": ("Mitte bei 2 Schritten", "Niveau médian (2 pas)"),
    "Teacher steps": ("Schritte des Lehrers", "Pas de l'enseignant"),
    "Teacher order": ("Ordnung des Lehrers", "Ordre de l'enseignant"),
    "Distance": ("Abstand", "Distance"),
    "Dropout": ("Dropout", "Dropout"),
    "Device": ("Gerät", "Périphérique"),
    "Run folder": ("Laufordner", "Dossier du run"),
    "Start": ("Starten", "Démarrer"),
    "Pause": ("Pause", "Pause"),
    "Stop": ("Stopp", "Arrêter"),
    "Resume run…": ("Lauf fortsetzen…", "Reprendre un run…"),
    "Not running.": ("Läuft nicht.", "À l'arrêt."),
    "Log scale": ("Log-Skala", "Échelle log"),
    "x: steps": ("x: Schritte", "x : pas"),
    "x: images": ("x: Bilder", "x : images"),
    "Smoothing": ("Glättung", "Lissage"),
    "1-step samples on fixed noise appear here as training goes.":
        ("1-Schritt-Bilder aus festem Rauschen erscheinen hier während des Trainings.",
         "Les échantillons en 1 pas sur bruit fixe apparaissent ici pendant l'entraînement."),
    "Run folder to resume": ("Fortzusetzender Laufordner", "Dossier du run à reprendre"),
    "Running %1 in %2, step %3 of %4": ("%1 läuft in %2, Schritt %3 von %4", "%1 en cours dans %2, pas %3 sur %4"),
    "Step %1 of %2 · loss %3 · %4 it/s · ETA %5": ("Schritt %1 von %2 · Verlust %3 · %4 it/s · Rest %5",
                                                 "Pas %1 sur %2 · perte %3 · %4 it/s · reste %5"),
    "Could not start: %1": ("Start nicht möglich: %1", "Démarrage impossible : %1"),
    "Continue": ("Weiter", "Continuer"),
    "Stopping after this step…": ("Halte nach diesem Schritt an…", "Arrêt après ce pas…"),
    "step %1": ("Schritt %1", "pas %1"),
    " · class %1": (" · Klasse %1", " · classe %1"),
    "Automatic (CUDA when present)": ("Automatisch (CUDA, wenn vorhanden)", "Automatique (CUDA si présent)"),
    "CPU": ("CPU", "CPU"),
    "Precision": ("Genauigkeit", "Précision"),
    "Automatic (fp32 on the CPU, TF32 on CUDA)": ("Automatisch (fp32 auf der CPU, TF32 mit CUDA)",
                                                   "Automatique (fp32 sur le CPU, TF32 avec CUDA)"),
    "fp32 (exact)": ("fp32 (exakt)", "fp32 (exact)"),
    "TF32 (CUDA tensor cores)": ("TF32 (CUDA-Tensorkerne)", "TF32 (cœurs tensoriels CUDA)"),
    "bf16 (CUDA autocast)": ("bf16 (CUDA-Autocast)", "bf16 (autocast CUDA)"),
    "Sampling device": ("Gerät zum Erzeugen", "Périphérique d'échantillonnage"),
    " · GPU %1 MiB": (" · GPU %1 MiB", " · GPU %1 Mio"),
    "Choose dataset folder…": ("Datensatz-Ordner wählen…", "Choisir le dossier de données…"),
    "Choose &dataset folder…": ("&Datensatz-Ordner wählen…", "Choisir le dossier de &données…"),
    "Choose a dataset folder": ("Einen Datensatz-Ordner wählen", "Choisir un dossier de données"),
    "Training data: %1 (type fashion-mnist for the built-in set)":
        ("Trainingsdaten: %1 (fashion-mnist eingeben für den eingebauten Satz)",
         "Données d'entraînement : %1 (tapez fashion-mnist pour le jeu intégré)"),
    "%1 · %2 · NFE %3 · corner seeds %4, %5, %6, %7": ("%1 · %2 · NFE %3 · Eck-Seeds %4, %5, %6, %7",
                                                      "%1 · %2 · NFE %3 · graines des coins %4, %5, %6, %7"),
    "Amount down": ("Anteil nach unten", "Proportion verticale"),
    "Bottom-left seed": ("Seed unten links", "Graine en bas à gauche"),
    "Bottom-right seed": ("Seed unten rechts", "Graine en bas à droite"),
    "Interpolate four corner seeds": ("Vier Eck-Seeds interpolieren", "Interpoler quatre graines de coin"),
    "Top-right corner": ("Ecke oben rechts", "Coin en haut à droite"),
    "across: seed %1 → %2 (top), %3 → %4 (bottom)": ("quer: Seed %1 → %2 (oben), %3 → %4 (unten)",
                                                    "en travers : graine %1 → %2 (haut), %3 → %4 (bas)"),
    "down": ("nach unten", "vers le bas"),
    "seeds %1, %2, %3, %4 at (%5, %6)": ("Seeds %1, %2, %3, %4 bei (%5, %6)", "graines %1, %2, %3, %4 à (%5, %6)"),
    "step 0: the starting model": ("Schritt 0: das Ausgangsmodell", "pas 0 : le modèle de départ"),
    "Finished %1 steps. Model: %2": ("%1 Schritte fertig. Modell: %2", "%1 pas terminés. Modèle : %2"),
    "Stopped at step %1; state saved in %2": ("Bei Schritt %1 angehalten; Zustand in %2 gespeichert",
                                              "Arrêté au pas %1 ; état enregistré dans %2"),
    "These are not the Sampler's settings.":
        ("Dies sind keine Einstellungen des Samplers.", "Ce ne sont pas des réglages de l'échantillonneur."),
    "These are not the Compare area's settings.":
        ("Dies sind keine Einstellungen des Vergleichs.", "Ce ne sont pas des réglages de la comparaison."),
    "These are not a training run's settings.":
        ("Dies sind keine Einstellungen eines Trainingslaufs.", "Ce ne sont pas des réglages d'un entraînement."),
    "A training run is in progress; stop it to look at another run.":
        ("Ein Training läuft; halten Sie es an, um einen anderen Lauf anzusehen.",
         "Un entraînement est en cours ; arrêtez-le pour consulter un autre entraînement."),
    "%1 is not a training run folder (it has no config.json).":
        ("%1 ist kein Ordner eines Trainingslaufs (er enthält keine config.json).",
         "%1 n'est pas un dossier d'entraînement (il ne contient pas de config.json)."),
    "%1 holds settings of a kind this version cannot restore (%2).":
        ("%1 enthält Einstellungen einer Art, die diese Version nicht wiederherstellen kann (%2).",
         "%1 contient des réglages d'un type que cette version ne sait pas restaurer (%2)."),
    "%1: %2": ("%1: %2", "%1 : %2"),
    "an unexpected error stopped training":
        ("ein unerwarteter Fehler hat das Training abgebrochen", "une erreur inattendue a interrompu l'entraînement"),
    "Something went wrong, and the action was stopped; your models and runs are untouched.\n\n%1":
        ("Etwas ist schiefgegangen, und die Aktion wurde abgebrochen; Ihre Modelle und Läufe sind unverändert.\n\n%1",
         "Une erreur est survenue et l'action a été interrompue ; vos modèles et entraînements sont intacts.\n\n%1"),
    "Training stopped: the loss became NaN or Inf. The last good checkpoint (step %1) is kept in %2":
        ("Training angehalten: der Verlust wurde NaN oder Inf. Der letzte gute Checkpoint (Schritt %1) liegt in %2",
         "Entraînement arrêté : la perte est devenue NaN ou Inf. Le dernier bon point de contrôle (pas %1) est conservé dans %2"),
    "an unexpected error stopped the work":
        ("ein unerwarteter Fehler hat die Arbeit abgebrochen", "une erreur inattendue a interrompu le travail"),
    "%1 holds no ECT Studio settings and no generation parameters.":
        ("%1 enthält keine Einstellungen von ECT Studio und keine Generierungsparameter.",
         "%1 ne contient ni réglages d'ECT Studio ni paramètres de génération."),
    "&Base model…": ("&Basismodell…", "Modèle de &base…"),
    "&Consistency model…": ("&Konsistenzmodell…", "Modèle de &cohérence…"),
    "&Save model as": ("Modell &speichern unter", "&Enregistrer le modèle sous"),
    "Follow a run another process writes (e.g. `ect tune` on a GPU server, its folder synced or mounted), read-only":
        ("Einem Lauf folgen, den ein anderer Prozess schreibt (z. B. `ect tune` auf einem GPU-Server, Ordner synchronisiert oder eingehängt), nur lesend",
         "Suivre un entraînement écrit par un autre processus (p. ex. `ect tune` sur un serveur GPU, dossier synchronisé ou monté), en lecture seule"),
    "Model files (*.safetensors *.pkl)": ("Modelldateien (*.safetensors *.pkl)", "Fichiers de modèle (*.safetensors *.pkl)"),
    "Model files (*.safetensors *.pkl);;ECT Studio models (*.safetensors);;Official EDM, EDM2 and ECT snapshots (*.pkl)":
        ("Modelldateien (*.safetensors *.pkl);;ECT-Studio-Modelle (*.safetensors);;Offizielle EDM-, EDM2- und ECT-Snapshots (*.pkl)",
         "Fichiers de modèle (*.safetensors *.pkl);;Modèles ECT Studio (*.safetensors);;Instantanés officiels EDM, EDM2 et ECT (*.pkl)"),
    "No model is loaded in that slot.": ("In diesem Platz ist kein Modell geladen.", "Aucun modèle n'est chargé à cet emplacement."),
    "no model is loaded in that slot": ("in diesem Platz ist kein Modell geladen", "aucun modèle n'est chargé à cet emplacement"),
    "Opened the official snapshot %1 (%2), converted in memory; File > Save model as keeps it as a model file.":
        ("Offizieller Snapshot %1 (%2) geöffnet und im Speicher umgewandelt; Datei > Modell speichern unter bewahrt ihn als Modelldatei.",
         "Instantané officiel %1 (%2) ouvert et converti en mémoire ; Fichier > Enregistrer le modèle sous le garde comme fichier de modèle."),
    "Run folder to watch": ("Zu beobachtender Laufordner", "Dossier d'entraînement à suivre"),
    "Sampler settings restored from the parameters in %1": ("Sampler-Einstellungen aus den Parametern in %1 wiederhergestellt",
                                                            "Réglages de l'échantillonneur restaurés depuis les paramètres de %1"),
    "Save model": ("Modell speichern", "Enregistrer le modèle"),
    "Save model as": ("Modell speichern unter", "Enregistrer le modèle sous"),
    "Saved %1": ("%1 gespeichert", "%1 enregistré"),
    "Watch run": ("Lauf beobachten", "Suivre un entraînement"),
    "Watch run…": ("Lauf beobachten…", "Suivre un run…"),
    "Watching %1 (read-only): %2 loss points, %3 grids": ("Beobachte %1 (nur lesend): %2 Verlustpunkte, %3 Raster",
                                                          "Suivi de %1 (lecture seule) : %2 points de perte, %3 grilles"),
    "Watching %1 (read-only): %2 loss points, %3 grids (newest: step %4), updated %5":
        ("Beobachte %1 (nur lesend): %2 Verlustpunkte, %3 Raster (neuestes: Schritt %4), aktualisiert %5",
         "Suivi de %1 (lecture seule) : %2 points de perte, %3 grilles (la plus récente : pas %4), mis à jour %5"),
    "Watching %1: the run folder is gone (waiting for it to come back).":
        ("Beobachte %1: Der Laufordner ist verschwunden (warte, bis er wieder da ist).",
         "Suivi de %1 : le dossier a disparu (en attente de son retour)."),
    "base diffusion model (.safetensors, or an official .pkl snapshot)":
        ("Basis-Diffusionsmodell (.safetensors oder offizieller .pkl-Snapshot)",
         "modèle de diffusion de base (.safetensors, ou instantané officiel .pkl)"),
    "from the data": ("aus den Daten", "selon les données"),
    "from the data (%1)": ("aus den Daten (%1)", "selon les données (%1)"),
    "grayscale": ("Graustufen", "niveaux de gris"),
    "RGB": ("RGB", "RVB"),
    "Resolution": ("Auflösung", "Résolution"),
    "Channels": ("Kanäle", "Canaux"),
    "Images: %1": ("Bilder: %1", "Images : %1"),
    "Images: %1, resized to %2": ("Bilder: %1, skaliert auf %2", "Images : %1, redimensionnées en %2"),
    "Images: %1, resized to %2 %3": ("Bilder: %1, skaliert auf %3 (%2)", "Images : %1, redimensionnées en %3 (%2)"),
    "the base model's": ("wie das Basismodell", "comme le modèle de base"),
    "Cannot read this data: %1": ("Diese Daten sind nicht lesbar: %1", "Données illisibles : %1"),
    "Image size N×N of a new network; other data is centre-cropped and resized to it":
        ("Bildgröße N×N eines neuen Netzes; andere Daten werden mittig zugeschnitten und darauf skaliert",
         "Taille d'image N×N d'un nouveau réseau ; les autres données sont recadrées au centre et redimensionnées"),
    "Tuning keeps the base model's image size; the data is resized to it":
        ("Das Tuning behält die Bildgröße des Basismodells; die Daten werden darauf skaliert",
         "L'ajustement garde la taille d'image du modèle de base ; les données y sont redimensionnées"),
    "<p>Bundled models: %1</p><p>Languages: %2</p>":
        ("<p>Mitgelieferte Modelle: %1</p><p>Sprachen: %2</p>", "<p>Modèles fournis : %1</p><p>Langues : %2</p>"),
    "not installed": ("nicht installiert", "non installés"),
    # Session 9: training cadence, used folders, run models, clickable grids, progress and cancel.
    " · step %1 · %2": (" · Schritt %1 · %2", " · pas %1 · %2"),
    "%1 already holds a training run.": ("%1 enthält bereits einen Trainingslauf.", "%1 contient déjà un entraînement."),
    "%1 does not exist.": ("%1 existiert nicht.", "%1 n'existe pas."),
    "%1 is neither a model (.safetensors, .pkl), an image with settings, nor a dataset (a folder or a .zip).":
        ("%1 ist weder ein Modell (.safetensors, .pkl) noch ein Bild mit Einstellungen noch ein Datensatz (ein Ordner oder eine .zip-Datei).",
         "%1 n'est ni un modèle (.safetensors, .pkl), ni une image avec des réglages, ni un jeu de données (un dossier ou un .zip)."),
    "%1 is now the %2.": ("%1 ist jetzt das %2.", "%1 est maintenant le %2."),
    "%1 s left": ("noch %1 s", "encore %1 s"),
    "%1 steps: enter %2 levels": ("%1 Schritte: %2 Stufen eingeben", "%1 pas : saisir %2 niveaux"),
    "%1 · newest": ("%1 · neuestes", "%1 · le plus récent"),
    "%1 · step %2": ("%1 · Schritt %2", "%1 · pas %2"),
    "&Models panel": ("&Modell-Leiste", "Panneau des &modèles"),
    ", q %1, stages of %2 kimg": (", q %1, Stufen zu %2 kimg", ", q %1, étapes de %2 kimg"),
    "; %1 channels × [%2], %3 blocks per level": ("; %1 Kanäle × [%2], %3 Blöcke je Ebene", " ; %1 canaux × [%2], %3 blocs par niveau"),
    "A new grid of 1-step samples on fixed noise this often (and at the start and the end)":
        ("So oft ein neues Raster von 1-Schritt-Bildern aus festem Rauschen (und am Anfang und Ende)",
         "Une nouvelle grille d'échantillons en 1 pas sur un bruit fixe à cette fréquence (et au début et à la fin)"),
    "A random first seed": ("Ein zufälliger erster Seed", "Une première graine au hasard"),
    "Bottom-left corner": ("Ecke unten links", "Coin inférieur gauche"),
    "Bottom-right corner": ("Ecke unten rechts", "Coin inférieur droit"),
    "Cancel": ("Abbrechen", "Annuler"),
    "Cancelled: the grid shown is of earlier settings.": ("Abgebrochen: das gezeigte Raster gehört zu früheren Einstellungen.",
                                                          "Annulé : la grille affichée correspond aux réglages précédents."),
    "Checkpoints every": ("Sicherung alle", "Sauvegarde toutes les"),
    "Compare this model with the base model": ("Dieses Modell mit dem Basismodell vergleichen", "Comparer ce modèle au modèle de base"),
    "Continue that run": ("Diesen Lauf fortsetzen", "Poursuivre cet entraînement"),
    "Continue that run where it stopped, or start this one in a new folder (%1)?":
        ("Den Lauf dort fortsetzen, wo er stehen blieb, oder diesen in einem neuen Ordner (%1) beginnen?",
         "Poursuivre cet entraînement là où il s'est arrêté, ou commencer celui-ci dans un nouveau dossier (%1) ?"),
    "Continuing at step %1 of %2…": ("Weiter bei Schritt %1 von %2…", "Reprise au pas %1 sur %2…"),
    "Copy seed %1": ("Seed %1 kopieren", "Copier la graine %1"),
    "Ctrl+M": ("Ctrl+M", "Ctrl+M"),
    "Enlarge": ("Vergrößern", "Agrandir"),
    "Grids every": ("Raster alle", "Grilles toutes les"),
    "Interpolate from seed %1": ("Von Seed %1 aus interpolieren", "Interpoler depuis la graine %1"),
    "Open": ("Öffnen", "Ouvrir"),
    "Open this model in the Sampler": ("Dieses Modell im Sampler öffnen", "Ouvrir ce modèle dans l'échantillonneur"),
    "Paused at step %1 of %2. Continue goes on; Stop saves the run.":
        ("Angehalten bei Schritt %1 von %2. Fortsetzen macht weiter; Stopp sichert den Lauf.",
         "En pause au pas %1 sur %2. Continuer reprend ; Arrêter sauvegarde l'entraînement."),
    "Position": ("Position", "Position"),
    "Position across": ("Position quer", "Position horizontale"),
    "Position down": ("Position abwärts", "Position verticale"),
    "Random": ("Zufall", "Au hasard"),
    "Sample seed %1 with this run's newest model": ("Seed %1 mit dem neuesten Modell dieses Laufs erzeugen",
                                                    "Échantillonner la graine %1 avec le modèle le plus récent"),
    "Save the run (to continue it later) and a model to sample or compare this often":
        ("So oft den Lauf sichern (zum späteren Fortsetzen) und ein Modell zum Erzeugen oder Vergleichen",
         "Sauvegarder l'entraînement (pour le poursuivre) et un modèle à échantillonner ou comparer à cette fréquence"),
    "Seed A": ("Seed A", "Graine A"),
    "Seed B": ("Seed B", "Graine B"),
    "Seed C": ("Seed C", "Graine C"),
    "Seed D": ("Seed D", "Graine D"),
    "Sets batch %1, learning rate %2, %3 steps, dropout %4": ("Setzt Batch %1, Lernrate %2, %3 Schritte, Dropout %4",
                                                              "Fixe lot %1, taux d'apprentissage %2, %3 pas, dropout %4"),
    "Showing a run another process writes: the form is read-only while watching":
        ("Zeigt einen Lauf, den ein anderer Prozess schreibt: das Formular ist beim Beobachten schreibgeschützt",
         "Affiche un entraînement écrit par un autre processus : le formulaire est en lecture seule pendant le suivi"),
    "Start in %1": ("In %1 beginnen", "Commencer dans %1"),
    "Start the grid at seed %1": ("Raster bei Seed %1 beginnen", "Commencer la grille à la graine %1"),
    "Stop watching": ("Beobachten beenden", "Arrêter le suivi"),
    "The models this run saved at its checkpoints": ("Die Modelle, die dieser Lauf bei seinen Sicherungen gespeichert hat",
                                                     "Les modèles enregistrés à chaque sauvegarde de cet entraînement"),
    "This run: batch %1, learning rate %2, %3 steps, dropout %4": ("Dieser Lauf: Batch %1, Lernrate %2, %3 Schritte, Dropout %4",
                                                                   "Cet entraînement : lot %1, taux d'apprentissage %2, %3 pas, dropout %4"),
    "Top-left corner": ("Ecke oben links", "Coin supérieur gauche"),
    "Training data: %1": ("Trainingsdaten: %1", "Données d'entraînement : %1"),
    "at %1": ("bei %1", "à %1"),
    "at (%1, %2)": ("bei (%1, %2)", "à (%1, %2)"),
    "base model": ("Basismodell", "modèle de base"),
    "consistency model": ("Konsistenzmodell", "modèle de cohérence"),
    "default: %1 (%2 steps)": ("Standard: %1 (%2 Schritte)", "par défaut : %1 (%2 pas)"),
    "none at 1 step": ("keine bei 1 Schritt", "aucun à 1 pas"),
    "none saved yet": ("noch keines gespeichert", "aucun enregistré"),
    "seconds": ("Sekunden", "secondes"),
    "steps": ("Schritte", "pas"),
    # Core's errors in the studio's words.
    "%1 cannot be opened (%2).": ("%1 lässt sich nicht öffnen (%2).", "%1 ne peut pas être ouvert (%2)."),
    "%1 is not a model file: ECT Studio opens .safetensors models and official .pkl snapshots.":
        ("%1 ist keine Modelldatei: ECT Studio öffnet .safetensors-Modelle und offizielle .pkl-Snapshots.",
         "%1 n'est pas un fichier de modèle : ECT Studio ouvre les modèles .safetensors et les instantanés officiels .pkl."),
    "%1 already holds a training run. Continue it with Resume run…, or choose another run folder.":
        ("%1 enthält bereits einen Trainingslauf. Setzen Sie ihn mit „Lauf fortsetzen…“ fort oder wählen Sie einen anderen Ordner.",
         "%1 contient déjà un entraînement. Poursuivez-le avec « Reprendre un run… » ou choisissez un autre dossier."),
    "ECT tuning starts from a diffusion model: choose a base model.":
        ("ECT-Tuning beginnt mit einem Diffusionsmodell: wählen Sie ein Basismodell.",
         "L'ajustement ECT part d'un modèle de diffusion : choisissez un modèle de base."),
    "%1 holds no images (PNG, JPEG, TIFF, EXR, …).": ("%1 enthält keine Bilder (PNG, JPEG, TIFF, EXR, …).",
                                                      "%1 ne contient aucune image (PNG, JPEG, TIFF, EXR, …)."),
    "None of the %2 images in %1 could be read.": ("Keines der %2 Bilder in %1 ließ sich lesen.",
                                                   "Aucune des %2 images de %1 n'a pu être lue."),
    "“%1” is not a list of levels: give numbers separated by commas, such as 2.7,0.7.":
        ("„%1“ ist keine Liste von Stufen: geben Sie Zahlen durch Kommas getrennt an, etwa 2.7,0.7.",
         "« %1 » n'est pas une liste de niveaux : donnez des nombres séparés par des virgules, par exemple 2.7,0.7."),
    # The studio's words for what core describes.
    "%1 classes": ("%1 Klassen", "%1 classes"),
    "unconditional": ("unbedingt", "inconditionnel"),
    "%1 %2, %3, channels %4×[%5], %6 blocks per level": ("%1 %2, %3, Kanäle %4×[%5], %6 Blöcke je Ebene",
                                                          "%1 %2, %3, canaux %4×[%5], %6 blocs par niveau"),
    ", attention at %1": (", Attention bei %1", ", attention à %1"),
    ", dropout %1": (", Dropout %1", ", dropout %1"),
    "CPU (%1 threads)": ("CPU (%1 Threads)", "CPU (%1 threads)"),
    "%1 (consistency)": ("%1 (Konsistenz)", "%1 (cohérence)"),
    "%1 (base)": ("%1 (Basis)", "%1 (base)"),
    "%1 on %2": ("%1 auf %2", "%1 sur %2"),
    # The X/Y plot.
    "X/Y plot": ("X/Y-Diagramm", "Tableau X/Y"),
    "One sample per cell: the columns and rows vary two settings, the noise stays":
        ("Ein Bild je Zelle: Spalten und Zeilen variieren zwei Einstellungen, das Rauschen bleibt",
         "Un échantillon par case : colonnes et lignes font varier deux réglages, le bruit reste le même"),
    "X axis": ("X-Achse", "Axe X"),
    "X values": ("X-Werte", "Valeurs X"),
    "Y axis": ("Y-Achse", "Axe Y"),
    "Y values": ("Y-Werte", "Valeurs Y"),
    "Nothing (one row)": ("Nichts (eine Zeile)", "Rien (une ligne)"),
    "Checkpoint": ("Checkpoint", "Point de contrôle"),
    "Comma-separated values; whole numbers also as ranges (0-7, 0-20 (+5)); classes and samplers by name; \"all\" for every class, sampler or checkpoint; mid levels as level lists separated by ';' (0.821; 2.756,0.7144)":
        ("Werte durch Kommas getrennt; ganze Zahlen auch als Bereiche (0-7, 0-20 (+5)); Klassen und Sampler mit Namen; "
         "\"all\" für jede Klasse, jeden Sampler oder Checkpoint; Zwischenstufen als Listen, getrennt durch ';' (0.821; 2.756,0.7144)",
         "Valeurs séparées par des virgules ; nombres entiers aussi en plages (0-7, 0-20 (+5)) ; classes et échantillonneurs "
         "par leur nom ; « all » pour chaque classe, échantillonneur ou point de contrôle ; niveaux intermédiaires en listes "
         "séparées par ';' (0.821; 2.756,0.7144)"),
    "Every cell's seed, unless an axis varies the seed":
        ("Der Seed jeder Zelle, sofern keine Achse den Seed variiert", "La graine de chaque case, sauf si un axe la fait varier"),
    "e.g. %1": ("z. B. %1", "p. ex. %1"),
    " · mid %1": (" · Zwischenstufe %1", " · niveau intermédiaire %1"),
    " · step %1": (" · Schritt %1", " · pas %1"),
    "Use these settings for a grid": ("Diese Einstellungen für ein Raster verwenden", "Utiliser ces réglages pour une grille"),
    "Open this checkpoint in the Sampler": ("Diesen Checkpoint im Sampler öffnen", "Ouvrir ce point de contrôle dans l'échantillonneur"),
    "Compare this checkpoint with the base model":
        ("Diesen Checkpoint mit dem Basismodell vergleichen", "Comparer ce point de contrôle au modèle de base"),
    "%1 × %2 plot · %3 ms per image": ("%1 × %2-Diagramm · %3 ms pro Bild", "Tableau %1 × %2 · %3 ms par image"),
    "1 step": ("1 Schritt", "1 pas"),
    "%1 steps": ("%1 Schritte", "%1 pas"),
    "mid %1": ("Zwischenstufe %1", "niveau %1"),
    "%1 cells, %2 network evaluations": ("%1 Zellen, %2 Netzauswertungen", "%1 cases, %2 évaluations du réseau"),
    "The run's log cannot be read: %1": ("Das Protokoll des Laufs kann nicht gelesen werden: %1", "Le journal de l'entraînement est illisible : %1"),
    "Watching %1: the log cannot be read: %2":
        ("Beobachte %1: Das Protokoll kann nicht gelesen werden: %2", "Suivi de %1 : le journal est illisible : %2"),
    "The saved state of %1 has no checksum.":
        ("Der gespeicherte Zustand von %1 hat keine Prüfsumme.", "L'état enregistré de %1 n'a pas de somme de contrôle."),
    "It was written by an older ECT Studio or by another program, so damage to it cannot be detected. Its contents are still checked. Resume from it as it is?":
        ("Er wurde von einem älteren ECT Studio oder einem anderen Programm geschrieben; Beschädigungen lassen sich daher nicht erkennen. Sein Inhalt wird trotzdem geprüft. Unverändert von ihm fortsetzen?",
         "Il a été écrit par une version plus ancienne d'ECT Studio ou par un autre programme : un dommage ne peut donc pas être détecté. Son contenu est tout de même vérifié. Reprendre à partir de lui tel quel ?"),
    "Resume as it is": ("Unverändert fortsetzen", "Reprendre tel quel"),
    "Not resumed: %1": ("Nicht fortgesetzt: %1", "Non repris : %1"),
}

missing = set()
for path, col in ((Path(__file__).with_name("ect-studio_de.ts"), 0), (Path(__file__).with_name("ect-studio_fr.ts"), 1)):
    text = path.read_text(encoding="utf-8")

    def fill(m):
        source = html.unescape(m.group(1))
        if source not in T:
            missing.add(source)
            return m.group(0)
        out = html.escape(T[source][col], quote=False)
        return m.group(0)[: m.start(2) - m.start(0)] + f"<translation>{out}</translation>"

    text = re.sub(r"<source>(.*?)</source>(?:\s*<comment>.*?</comment>)?\s*(<translation[^>]*>.*?</translation>)",
                  fill, text, flags=re.S)
    path.write_text(text, encoding="utf-8")
for s in sorted(missing):
    print("untranslated:", s, file=sys.stderr)
