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
    "loss": ("Verlust", "perte"),
    "smoothed": ("geglättet", "lissée"),
    "step": ("Schritt", "pas"),
    "thousands of images": ("Tausend Bilder", "milliers d'images"),
    "stage change": ("Stufenwechsel", "changement d'étape"),
    "%1 ms": ("%1 ms", "%1 ms"),
    "%1 s": ("%1 s", "%1 s"),
    "ECT 1 step": ("ECT 1 Schritt", "ECT 1 pas"),
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
    "All classes in turn": ("Alle Klassen reihum", "Toutes les classes à tour de rôle"),
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
    "EDM Euler": ("EDM Euler", "EDM Euler"),
    "e.g. 0.821 (2 steps)": ("z. B. 0.821 (2 Schritte)", "p. ex. 0.821 (2 pas)"),
    "Consistency mid levels t₁ > t₂ > … (steps − 1 values, below 80)":
        ("Zwischenstufen der Konsistenz t₁ > t₂ > … (Schritte − 1 Werte, unter 80)",
         "Niveaux intermédiaires t₁ > t₂ > … (pas − 1 valeurs, sous 80)"),
    "Mode": ("Modus", "Mode"),
    "Model": ("Modell", "Modèle"),
    "Steps": ("Schritte", "Pas"),
    "Mid levels": ("Zwischenstufen", "Niveaux intermédiaires"),
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
    "base diffusion model (.safetensors)": ("Basis-Diffusionsmodell (.safetensors)", "modèle de diffusion de base (.safetensors)"),
    "Preset": ("Vorlage", "Préréglage"),
    "Base model": ("Basismodell", "Modèle de base"),
    "Dataset": ("Datensatz", "Jeu de données"),
    "Image folder": ("Bildordner", "Dossier d'images"),
    "Batch": ("Batch", "Lot"),
    "Learning rate": ("Lernrate", "Taux d'apprentissage"),
    "q (gap shrink)": ("q (Abstandsverkleinerung)", "q (réduction de l'écart)"),
    "Stage length (kimg)": ("Stufenlänge (kimg)", "Durée d'étape (kimg)"),
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
    "Model files (*.safetensors *.pkl);;ECT Studio models (*.safetensors);;Official EDM/ECT snapshots (*.pkl)":
        ("Modelldateien (*.safetensors *.pkl);;ECT-Studio-Modelle (*.safetensors);;Offizielle EDM/ECT-Snapshots (*.pkl)",
         "Fichiers de modèle (*.safetensors *.pkl);;Modèles ECT Studio (*.safetensors);;Instantanés officiels EDM/ECT (*.pkl)"),
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
    "Watch run…": ("Lauf beobachten…", "Suivre un entraînement…"),
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
