# libiptc as two static libraries built from Debian's iptables source package.
# Debian ships only shared libip4tc/libip6tc; the source is fetched once per build
# directory (scripts/fetch-iptables-src.sh) and never copied into this repository.
set(IPTABLES_SRC_DIR "" CACHE PATH "Unpacked iptables source tree (fetched when empty)")
if(NOT IPTABLES_SRC_DIR)
  file(GLOB _found "${CMAKE_BINARY_DIR}/_deps/iptables/iptables-*/libiptc")
  if(NOT _found)
    message(STATUS "Fetching Debian's iptables source package for libiptc")
    execute_process(
      COMMAND sh ${CMAKE_SOURCE_DIR}/scripts/fetch-iptables-src.sh ${CMAKE_BINARY_DIR}/_deps/iptables
      RESULT_VARIABLE _rc)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "Could not fetch the iptables source package (apt-get source iptables). "
                          "Set IPTABLES_SRC_DIR to an unpacked iptables-1.8.x tree.")
    endif()
    file(GLOB _found "${CMAKE_BINARY_DIR}/_deps/iptables/iptables-*/libiptc")
  endif()
  list(GET _found 0 _libiptc)
  get_filename_component(_src "${_libiptc}" DIRECTORY)
  set(IPTABLES_SRC_DIR "${_src}" CACHE PATH "Unpacked iptables source tree" FORCE)
endif()

foreach(v 4 6)
  add_library(ip${v}tc STATIC ${IPTABLES_SRC_DIR}/libiptc/libip${v}tc.c)
  set_target_properties(ip${v}tc PROPERTIES C_EXTENSIONS ON POSITION_INDEPENDENT_CODE ON)
  target_include_directories(ip${v}tc PRIVATE ${IPTABLES_SRC_DIR}/include)
  target_compile_options(ip${v}tc PRIVATE -w)
  add_library(iptc::ip${v}tc ALIAS ip${v}tc)
endforeach()
