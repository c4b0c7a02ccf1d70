// Text for cuBLASLt's tile and stage ids (cublasLtMatmulTile_t, cublasLtMatmulStages_t).
#pragma once
#include <string>

namespace chipcount::kernels {

// "128x256"; "" for CUBLASLT_MATMUL_TILE_UNDEFINED; "tile id N" for an id this build lacks.
std::string cublaslt_tile_text(unsigned id);
// "64x4"; "" for CUBLASLT_MATMUL_STAGES_UNDEFINED; "stages id N" for an id this build lacks.
std::string cublaslt_stages_text(unsigned id);

}  // namespace chipcount::kernels
