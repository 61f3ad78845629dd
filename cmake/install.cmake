# install.cmake: what `cmake --install` puts where, and the Debian package
# (`cpack -G DEB` in the build directory).  Included from CMakeLists.txt.
#
#   bin/dossier, bin/dossierd                   the programs
#   lib/systemd/system/dossierd.service         the hardened system unit
#   lib/sysusers.d/dossier.conf                 its user and group
#   share/man/man1/dossier.1, man8/dossierd.8   the manual pages
#   share/doc/dossier/                          README.md and docs/*.md
include(GNUInstallDirs)

# Relative to the prefix: /usr/lib/systemd/system for the package,
# /usr/local/lib/systemd/system for a local install (systemd reads both).
set(DOSSIER_UNIT_DIR "lib/systemd/system" CACHE STRING
  "where the systemd unit goes, relative to the install prefix")
set(DOSSIER_SYSUSERS_DIR "lib/sysusers.d" CACHE STRING
  "where the sysusers.d file goes, relative to the install prefix")

# The unit names the installed binaries by their full paths, so it is made
# at install time, when the prefix is known (`cmake --install --prefix`,
# cpack's /usr), not at configure time.
install(CODE "
  set(DOSSIER_BIN_DIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
  set(DOSSIER_DOC_DIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DOCDIR}\")
  set(DOSSIER_UNIT_DIR \"\${CMAKE_INSTALL_PREFIX}/${DOSSIER_UNIT_DIR}\")
  configure_file(${PROJECT_SOURCE_DIR}/daemon/dossierd.service.in
    ${PROJECT_BINARY_DIR}/dossierd.service @ONLY)
")

install(TARGETS dossier dossierd RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_BINARY_DIR}/dossierd.service DESTINATION ${DOSSIER_UNIT_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/dist/sysusers.conf DESTINATION ${DOSSIER_SYSUSERS_DIR}
  RENAME dossier.conf)
install(FILES ${PROJECT_SOURCE_DIR}/man/dossier.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/man/dossierd.8 DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
file(GLOB DOSSIER_DOCS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${DOSSIER_DOCS} DESTINATION ${CMAKE_INSTALL_DOCDIR})

# ---- the Debian package --------------------------------------------------
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "dossier")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "dossier maintainers <dossier@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "event-sourced incident knowledge base (dossierd service and dossier client)")
set(CPACK_PACKAGE_DESCRIPTION
  "dossier files news articles about an incident, extracts their actors,
claims and dated timeline, keeps everything as events in an LMDB log and
answers queries on views derived from it; analysts replicate their work.
This package holds the service dossierd (a systemd unit), the client
dossier and their manual pages.")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# The libraries' packages (libc6, liblmdb0, libprotobuf-c1, libuv1,
# libsodium23) come from dpkg-shlibdeps, with the versions the binaries need.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "systemd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/dist/deb/postinst
  ${PROJECT_SOURCE_DIR}/dist/deb/prerm
  ${PROJECT_SOURCE_DIR}/dist/deb/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Only the programs and their files: not the tests' or benchmarks' targets.
set(CPACK_STRIP_FILES ON)
include(CPack)
