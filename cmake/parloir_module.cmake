# parloir_module(NAME SOURCES ... DEPS ... ) defines the library parloir_<NAME> from src/<NAME>,
# and parloir_<NAME>_tests from its *_test.cpp files, registered with CTest.
function(parloir_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;TEST_DEPS" ${ARGN})
  add_library(parloir_${name} STATIC ${M_SOURCES})
  target_include_directories(parloir_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(parloir_${name} PUBLIC ${M_DEPS})
  parloir_set_warnings(parloir_${name})
  if(PARLOIR_BUILD_TESTS)
    file(GLOB test_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp
         ${CMAKE_CURRENT_SOURCE_DIR}/*/*_test.cpp)
    if(test_sources)
      add_executable(parloir_${name}_tests ${test_sources})
      target_link_libraries(parloir_${name}_tests PRIVATE parloir_${name} ${M_TEST_DEPS} GTest::gtest_main)
      parloir_set_warnings(parloir_${name}_tests)
      gtest_discover_tests(parloir_${name}_tests DISCOVERY_TIMEOUT 60)
    endif()
  endif()
endfunction()
