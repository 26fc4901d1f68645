# Warnings as errors on our own code only (third-party headers come in as system headers).
# why: g++ 12 at -O2 reports false -Wmismatched-new-delete and -Wnull-dereference inside Asio's
# coroutine frames (awaitable_frame operator new/delete), so those two stay off.
set(PARLOIR_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
    -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough -Wno-mismatched-new-delete -Werror)
# why: g++ 12 at -O2 also reports a false -Wmaybe-uninitialized wherever EventBatch::add moves a
# std::variant of event structs holding vectors (services/*.cpp): the release build failed.
# Optimised GNU < 13 builds only; the dev (-O0) build keeps the warning.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  list(APPEND PARLOIR_WARNINGS $<$<NOT:$<CONFIG:Debug>>:-Wno-maybe-uninitialized>)
endif()
function(parloir_set_warnings target)
  target_compile_options(${target} PRIVATE ${PARLOIR_WARNINGS})
endfunction()
