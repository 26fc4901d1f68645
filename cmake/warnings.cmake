# Warnings as errors on our own code only (third-party headers come in as system headers).
# why: g++ 12 at -O2 reports false -Wmismatched-new-delete and -Wnull-dereference inside Asio's
# coroutine frames (awaitable_frame operator new/delete), so those two stay off.
set(PARLOIR_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
    -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough -Wno-mismatched-new-delete -Werror)
function(parloir_set_warnings target)
  target_compile_options(${target} PRIVATE ${PARLOIR_WARNINGS})
endfunction()
