# Desktop integration and the Debian package: `cpack -G DEB` in the build folder (after a build)
# writes ect-studio_<version>_<arch>.deb with `ect`, `ect-studio`, the bundled models, the menu
# entry, icons at the usual sizes and AppStream metadata; the dependencies come from
# dpkg-shlibdeps. packaging/check-deb.sh builds, lints and installs it into a folder to test it.
# Translations are compiled into ect-studio (Qt resources), so they travel with the binary.

set(ECT_APP_ID studio.ect.ECTStudio)
set(ECT_SCREENSHOT_BASE_URL "https://ect.studio/screenshots" CACHE STRING
    "Where the screenshots of docs/ are published (AppStream metadata)")

if(TARGET ect-studio)
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/${ECT_APP_ID}.desktop DESTINATION share/applications)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/${ECT_APP_ID}.metainfo.xml.in
                 ${CMAKE_BINARY_DIR}/packaging/${ECT_APP_ID}.metainfo.xml @ONLY)
  install(FILES ${CMAKE_BINARY_DIR}/packaging/${ECT_APP_ID}.metainfo.xml DESTINATION share/metainfo)
  foreach(size 16 24 32 48 64 128 256)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/hicolor/${size}x${size}/apps/ect-studio.png
            DESTINATION share/icons/hicolor/${size}x${size}/apps)
  endforeach()
endif()

# Debian's documentation files: the copyright statement and a compressed changelog.
set(_doc share/doc/ect-studio)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/debian/copyright DESTINATION ${_doc})
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/packaging/changelog.gz
                   COMMAND gzip -9nc ${CMAKE_CURRENT_LIST_DIR}/debian/changelog > ${CMAKE_BINARY_DIR}/packaging/changelog.gz
                   DEPENDS ${CMAKE_CURRENT_LIST_DIR}/debian/changelog VERBATIM)
add_custom_target(ect_changelog ALL DEPENDS ${CMAKE_BINARY_DIR}/packaging/changelog.gz)
install(FILES ${CMAKE_BINARY_DIR}/packaging/changelog.gz DESTINATION ${_doc})

# Manual pages made from the programs' own --help (help2man), so they never drift from them.
find_program(ECT_HELP2MAN help2man)
if(ECT_HELP2MAN)
  set(_man_pages "")
  foreach(program ect ect-studio)
    if(TARGET ${program})
      set(_page ${CMAKE_BINARY_DIR}/packaging/${program}.1.gz)
      add_custom_command(OUTPUT ${_page}
        COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen HOME=${CMAKE_BINARY_DIR}/packaging
                ${ECT_HELP2MAN} --no-info --section 1
                --name "Easy Consistency Tuning of diffusion models" --output ${CMAKE_BINARY_DIR}/packaging/${program}.1
                $<TARGET_FILE:${program}>
        COMMAND gzip -9nf ${CMAKE_BINARY_DIR}/packaging/${program}.1
        DEPENDS ${program} VERBATIM)
      list(APPEND _man_pages ${_page})
      install(FILES ${_page} DESTINATION share/man/man1)
    endif()
  endforeach()
  add_custom_target(ect_man_pages ALL DEPENDS ${_man_pages})
else()
  message(STATUS "ECT: help2man not found, the package has no manual pages")
endif()

set(CPACK_PACKAGE_NAME ect-studio)
set(CPACK_PACKAGE_VENDOR "ECT Studio")
set(CPACK_PACKAGE_CONTACT "ECT Studio <dev@ect.studio>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "tune diffusion models into 1- and 2-step consistency models")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The xcb platform plugin is not a linked library, so dpkg-shlibdeps cannot see it.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "dataset-fashion-mnist")
# CPack puts the summary first and indents these lines itself (an empty line becomes " .").
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "ECT Studio implements Easy Consistency Tuning (Geng et al., ICLR 2025): a
pretrained EDM diffusion model is tuned into a consistency model that draws
an image in one or two network evaluations instead of tens.

The package holds the desktop studio (training with a live loss chart and
sample grids, a sampler, a comparison against the base model, labelled
export) and the ect command-line tool for servers and scripts, with bundled
Fashion-MNIST models.")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
include(CPack)
