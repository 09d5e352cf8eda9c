# nlohmann/json from the system. Under Emscripten its CMake package would add -isystem /usr/include,
# which shadows the wasm sysroot, so the wasm build gets an include directory holding only nlohmann/.
if(EMSCRIPTEN)
  find_path(LEADSCORE_NLOHMANN_DIR nlohmann/json.hpp PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH REQUIRED)
  set(isolated_include ${CMAKE_BINARY_DIR}/nlohmann_include)
  file(MAKE_DIRECTORY ${isolated_include})
  file(CREATE_LINK ${LEADSCORE_NLOHMANN_DIR}/nlohmann ${isolated_include}/nlohmann SYMBOLIC)
  add_library(leadscore_nlohmann_json INTERFACE)
  target_include_directories(leadscore_nlohmann_json SYSTEM INTERFACE ${isolated_include})
  target_compile_definitions(leadscore_nlohmann_json INTERFACE JSON_NOEXCEPTION)
  add_library(nlohmann_json::nlohmann_json ALIAS leadscore_nlohmann_json)
else()
  find_package(nlohmann_json 3.10 REQUIRED)
endif()
