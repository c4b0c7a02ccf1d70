# The version header is regenerated on every build (git sha and dirty flag change without a
# reconfigure); write_version.cmake only touches it when its content changes.
set(CHIPCOUNT_GENERATED_DIR ${CMAKE_BINARY_DIR}/generated)
add_custom_target(chipcount_version_header
  COMMAND ${CMAKE_COMMAND}
          -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
          -DOUTPUT=${CHIPCOUNT_GENERATED_DIR}/chipcount/version.hpp
          -DVERSION=${PROJECT_VERSION}
          -P ${CMAKE_SOURCE_DIR}/cmake/write_version.cmake
  BYPRODUCTS ${CHIPCOUNT_GENERATED_DIR}/chipcount/version.hpp
  COMMENT "chipcount: version header"
  VERBATIM)
