;; lowbit's XNOR-popcount matrix product kernels: C[i*n + j] = k - 2*popcount(A_i xor B_j) for packed sign rows
;; (rowBytes bytes each, zero-padded past k bits). Source of src/xnor/wasm/xnorGemmBytes.ts (regenerate:
;; node bin/run-ts.js scripts/buildWasm.ts). Register-blocked: each word of A_i is loaded once for four rows of
;; B, which are read in step; the last n mod 4 rows go one at a time. m, n, rowBytes >= 1.
;; gemmI64: 64-bit words and i64.popcnt (one machine instruction on x86-64 and arm64); rowBytes a multiple of 8.
;; gemmSimd: 128-bit words and i8x16.popcnt, byte sums in i8 lanes for up to 31 words, then widened into 16-bit
;; lanes (so rows of at most 4095 words of 128 bits); rowBytes a multiple of 16.
(module
  (memory (export "mem") 1)
  (func (export "gemmI64")
    (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $n i32) (param $rowBytes i32) (param $k i32)
    (local $i i32) (local $j i32) (local $rowA i32) (local $rowB i32) (local $p i32)
    (local $n4 i32) (local $rb2 i32) (local $rb3 i32) (local $out i32)
    (local $va i64) (local $s0 i64) (local $s1 i64) (local $s2 i64) (local $s3 i64)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $rb2 (i32.shl (local.get $rowBytes) (i32.const 1)))
    (local.set $rb3 (i32.add (local.get $rb2) (local.get $rowBytes)))
    (local.set $rowA (local.get $a))
    (local.set $out (local.get $c))
    (loop $rows
      (local.set $rowB (local.get $b))
      (local.set $j (i32.const 0))
      (block $quadDone
        (br_if $quadDone (i32.ge_u (local.get $j) (local.get $n4)))
        (loop $quads
          (local.set $s0 (i64.const 0)) (local.set $s1 (i64.const 0)) (local.set $s2 (i64.const 0)) (local.set $s3 (i64.const 0))
          (local.set $p (i32.const 0))
          (loop $words
            (local.set $va (i64.load (i32.add (local.get $rowA) (local.get $p))))
            (local.set $s0 (i64.add (local.get $s0) (i64.popcnt (i64.xor (local.get $va) (i64.load (i32.add (local.get $rowB) (local.get $p)))))))
            (local.set $s1 (i64.add (local.get $s1) (i64.popcnt (i64.xor (local.get $va) (i64.load (i32.add (i32.add (local.get $rowB) (local.get $rowBytes)) (local.get $p)))))))
            (local.set $s2 (i64.add (local.get $s2) (i64.popcnt (i64.xor (local.get $va) (i64.load (i32.add (i32.add (local.get $rowB) (local.get $rb2)) (local.get $p)))))))
            (local.set $s3 (i64.add (local.get $s3) (i64.popcnt (i64.xor (local.get $va) (i64.load (i32.add (i32.add (local.get $rowB) (local.get $rb3)) (local.get $p)))))))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (br_if $words (i32.lt_u (local.get $p) (local.get $rowBytes))))
          (i32.store offset=0 (local.get $out) (i32.sub (local.get $k) (i32.shl (i32.wrap_i64 (local.get $s0)) (i32.const 1))))
          (i32.store offset=4 (local.get $out) (i32.sub (local.get $k) (i32.shl (i32.wrap_i64 (local.get $s1)) (i32.const 1))))
          (i32.store offset=8 (local.get $out) (i32.sub (local.get $k) (i32.shl (i32.wrap_i64 (local.get $s2)) (i32.const 1))))
          (i32.store offset=12 (local.get $out) (i32.sub (local.get $k) (i32.shl (i32.wrap_i64 (local.get $s3)) (i32.const 1))))
          (local.set $out (i32.add (local.get $out) (i32.const 16)))
          (local.set $rowB (i32.add (local.get $rowB) (i32.shl (local.get $rowBytes) (i32.const 2))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br_if $quads (i32.lt_u (local.get $j) (local.get $n4)))))
      ;; the last n mod 4 rows of B, one at a time
      (block $restDone
        (br_if $restDone (i32.ge_u (local.get $j) (local.get $n)))
        (loop $rest
          (local.set $s0 (i64.const 0))
          (local.set $p (i32.const 0))
          (loop $words1
            (local.set $s0 (i64.add (local.get $s0) (i64.popcnt (i64.xor
              (i64.load (i32.add (local.get $rowA) (local.get $p)))
              (i64.load (i32.add (local.get $rowB) (local.get $p)))))))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (br_if $words1 (i32.lt_u (local.get $p) (local.get $rowBytes))))
          (i32.store (local.get $out) (i32.sub (local.get $k) (i32.shl (i32.wrap_i64 (local.get $s0)) (i32.const 1))))
          (local.set $out (i32.add (local.get $out) (i32.const 4)))
          (local.set $rowB (i32.add (local.get $rowB) (local.get $rowBytes)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $rest (i32.lt_u (local.get $j) (local.get $n)))))
      (local.set $rowA (i32.add (local.get $rowA) (local.get $rowBytes)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $i) (local.get $m)))))

  (func (export "gemmSimd")
    (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $n i32) (param $rowBytes i32) (param $k i32)
    (local $i i32) (local $j i32) (local $rowA i32) (local $rowB i32) (local $p i32) (local $blockEnd i32)
    (local $n4 i32) (local $rb2 i32) (local $rb3 i32) (local $out i32) (local $blk i32)
    (local $va v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $rb2 (i32.shl (local.get $rowBytes) (i32.const 1)))
    (local.set $rb3 (i32.add (local.get $rb2) (local.get $rowBytes)))
    (local.set $blk (i32.const 496)) ;; 31 words of 16 bytes: i8 lanes hold at most 31 popcounts of 8
    (local.set $rowA (local.get $a))
    (local.set $out (local.get $c))
    (loop $rows
      (local.set $rowB (local.get $b))
      (local.set $j (i32.const 0))
      ;; four rows of B at a time
      (block $quadDone
        (br_if $quadDone (i32.ge_u (local.get $j) (local.get $n4)))
        (loop $quads
          (local.set $t0 (v128.const i32x4 0 0 0 0))
          (local.set $t1 (v128.const i32x4 0 0 0 0))
          (local.set $t2 (v128.const i32x4 0 0 0 0))
          (local.set $t3 (v128.const i32x4 0 0 0 0))
          (local.set $p (i32.const 0))
          (loop $blocks
            (local.set $blockEnd (select (local.get $rowBytes) (i32.add (local.get $p) (local.get $blk))
              (i32.lt_u (local.get $rowBytes) (i32.add (local.get $p) (local.get $blk)))))
            (local.set $s0 (v128.const i32x4 0 0 0 0))
            (local.set $s1 (v128.const i32x4 0 0 0 0))
            (local.set $s2 (v128.const i32x4 0 0 0 0))
            (local.set $s3 (v128.const i32x4 0 0 0 0))
            (loop $words
              (local.set $va (v128.load (i32.add (local.get $rowA) (local.get $p))))
              (local.set $s0 (i8x16.add (local.get $s0) (i8x16.popcnt (v128.xor (local.get $va)
                (v128.load (i32.add (local.get $rowB) (local.get $p)))))))
              (local.set $s1 (i8x16.add (local.get $s1) (i8x16.popcnt (v128.xor (local.get $va)
                (v128.load (i32.add (i32.add (local.get $rowB) (local.get $rowBytes)) (local.get $p)))))))
              (local.set $s2 (i8x16.add (local.get $s2) (i8x16.popcnt (v128.xor (local.get $va)
                (v128.load (i32.add (i32.add (local.get $rowB) (local.get $rb2)) (local.get $p)))))))
              (local.set $s3 (i8x16.add (local.get $s3) (i8x16.popcnt (v128.xor (local.get $va)
                (v128.load (i32.add (i32.add (local.get $rowB) (local.get $rb3)) (local.get $p)))))))
              (local.set $p (i32.add (local.get $p) (i32.const 16)))
              (br_if $words (i32.lt_u (local.get $p) (local.get $blockEnd))))
            (local.set $t0 (i16x8.add (local.get $t0) (i16x8.extadd_pairwise_i8x16_u (local.get $s0))))
            (local.set $t1 (i16x8.add (local.get $t1) (i16x8.extadd_pairwise_i8x16_u (local.get $s1))))
            (local.set $t2 (i16x8.add (local.get $t2) (i16x8.extadd_pairwise_i8x16_u (local.get $s2))))
            (local.set $t3 (i16x8.add (local.get $t3) (i16x8.extadd_pairwise_i8x16_u (local.get $s3))))
            (br_if $blocks (i32.lt_u (local.get $p) (local.get $rowBytes))))
          (i32.store offset=0 (local.get $out) (call $finish (local.get $t0) (local.get $k)))
          (i32.store offset=4 (local.get $out) (call $finish (local.get $t1) (local.get $k)))
          (i32.store offset=8 (local.get $out) (call $finish (local.get $t2) (local.get $k)))
          (i32.store offset=12 (local.get $out) (call $finish (local.get $t3) (local.get $k)))
          (local.set $out (i32.add (local.get $out) (i32.const 16)))
          (local.set $rowB (i32.add (local.get $rowB) (i32.shl (local.get $rowBytes) (i32.const 2))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br_if $quads (i32.lt_u (local.get $j) (local.get $n4)))))
      ;; the last n mod 4 rows of B, one at a time
      (block $restDone
        (br_if $restDone (i32.ge_u (local.get $j) (local.get $n)))
        (loop $rest
          (local.set $t0 (v128.const i32x4 0 0 0 0))
          (local.set $p (i32.const 0))
          (loop $blocks1
            (local.set $blockEnd (select (local.get $rowBytes) (i32.add (local.get $p) (local.get $blk))
              (i32.lt_u (local.get $rowBytes) (i32.add (local.get $p) (local.get $blk)))))
            (local.set $s0 (v128.const i32x4 0 0 0 0))
            (loop $words1
              (local.set $s0 (i8x16.add (local.get $s0) (i8x16.popcnt (v128.xor
                (v128.load (i32.add (local.get $rowA) (local.get $p)))
                (v128.load (i32.add (local.get $rowB) (local.get $p)))))))
              (local.set $p (i32.add (local.get $p) (i32.const 16)))
              (br_if $words1 (i32.lt_u (local.get $p) (local.get $blockEnd))))
            (local.set $t0 (i16x8.add (local.get $t0) (i16x8.extadd_pairwise_i8x16_u (local.get $s0))))
            (br_if $blocks1 (i32.lt_u (local.get $p) (local.get $rowBytes))))
          (i32.store (local.get $out) (call $finish (local.get $t0) (local.get $k)))
          (local.set $out (i32.add (local.get $out) (i32.const 4)))
          (local.set $rowB (i32.add (local.get $rowB) (local.get $rowBytes)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $rest (i32.lt_u (local.get $j) (local.get $n)))))
      (local.set $rowA (i32.add (local.get $rowA) (local.get $rowBytes)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $i) (local.get $m)))))

  ;; k - 2 * (sum of the eight u16 lanes)
  (func $finish (param $t v128) (param $k i32) (result i32)
    (local $w v128)
    (local.set $w (i32x4.extadd_pairwise_i16x8_u (local.get $t)))
    (i32.sub (local.get $k) (i32.shl
      (i32.add (i32.add (i32x4.extract_lane 0 (local.get $w)) (i32x4.extract_lane 1 (local.get $w)))
               (i32.add (i32x4.extract_lane 2 (local.get $w)) (i32x4.extract_lane 3 (local.get $w))))
      (i32.const 1))))
)
