;; lowbit's WebAssembly SIMD kernels for stochastic rounding of float32 arrays with batched random bits.
;; Source of simulators/fastpath/wasm/srKernelsBytes.ts (regenerate: node bin/run-ts.js scripts/buildWasm.ts).
;;
;; philox: Philox4x32-10 (Salmon et al., SC 2011) for 4 counters at once, one counter per i32x4 lane, so a block of
;; 16 words holds word w of counter 4b + c at index 4w + c (simulators/random/counterRng.ts defines the same order).
;; floatSr / fixedSr: round n float32 values at byte offset `base` in place, element i taking the uniform draw
;; u = r_i * 2^-32 from the words at `rbase`: the value's magnitude is scaled to its quantum in float64 (exact),
;; the fraction f compared with u, and the upper candidate taken when u < f (the scalar rule of roundFloat and
;; roundFixed); overflow follows the policy as under `raz`. Two elements per step (float64 lanes).
(module
  (memory (export "memory") 9)

  ;; blocks x 16 words at dst: counters (ctr + 4b + c, ctrHi, 0, 0), key (k0, k1).
  (func (export "philox") (param $dst i32) (param $blocks i32) (param $ctr i32) (param $ctrHi i32) (param $k0 i32) (param $k1 i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $a v128) (local $b v128)
    (local $p v128) (local $q v128) (local $hi0 v128) (local $lo0 v128) (local $hi1 v128) (local $lo1 v128) (local $r i32)
    (local $base v128)
    (local.set $base (i32x4.add (i32x4.splat (local.get $ctr)) (v128.const i32x4 0 1 2 3)))
    (block $done
      (br_if $done (i32.eqz (local.get $blocks)))
      (loop $block
        (local.set $x0 (local.get $base))
        (local.set $x1 (i32x4.splat (local.get $ctrHi)))
        (local.set $x2 (v128.const i32x4 0 0 0 0))
        (local.set $x3 (v128.const i32x4 0 0 0 0))
        (local.set $a (i32x4.splat (local.get $k0)))
        (local.set $b (i32x4.splat (local.get $k1)))
        (local.set $r (i32.const 10))
        (loop $round
          ;; 64-bit products M0*x0 and M1*x2, split into high and low words per lane
          (local.set $p (i64x2.extmul_low_i32x4_u (local.get $x0) (v128.const i32x4 0xd2511f53 0xd2511f53 0xd2511f53 0xd2511f53)))
          (local.set $q (i64x2.extmul_high_i32x4_u (local.get $x0) (v128.const i32x4 0xd2511f53 0xd2511f53 0xd2511f53 0xd2511f53)))
          (local.set $lo0 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $p) (local.get $q)))
          (local.set $hi0 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $p) (local.get $q)))
          (local.set $p (i64x2.extmul_low_i32x4_u (local.get $x2) (v128.const i32x4 0xcd9e8d57 0xcd9e8d57 0xcd9e8d57 0xcd9e8d57)))
          (local.set $q (i64x2.extmul_high_i32x4_u (local.get $x2) (v128.const i32x4 0xcd9e8d57 0xcd9e8d57 0xcd9e8d57 0xcd9e8d57)))
          (local.set $lo1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $p) (local.get $q)))
          (local.set $hi1 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $p) (local.get $q)))
          (local.set $x0 (v128.xor (v128.xor (local.get $hi1) (local.get $x1)) (local.get $a)))
          (local.set $x1 (local.get $lo1))
          (local.set $x2 (v128.xor (v128.xor (local.get $hi0) (local.get $x3)) (local.get $b)))
          (local.set $x3 (local.get $lo0))
          (local.set $a (i32x4.add (local.get $a) (v128.const i32x4 0x9e3779b9 0x9e3779b9 0x9e3779b9 0x9e3779b9)))
          (local.set $b (i32x4.add (local.get $b) (v128.const i32x4 0xbb67ae85 0xbb67ae85 0xbb67ae85 0xbb67ae85)))
          (local.set $r (i32.sub (local.get $r) (i32.const 1)))
          (br_if $round (local.get $r)))
        (v128.store (local.get $dst) (local.get $x0))
        (v128.store offset=16 (local.get $dst) (local.get $x1))
        (v128.store offset=32 (local.get $dst) (local.get $x2))
        (v128.store offset=48 (local.get $dst) (local.get $x3))
        (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
        (local.set $base (i32x4.add (local.get $base) (v128.const i32x4 4 4 4 4)))
        (local.set $blocks (i32.sub (local.get $blocks) (i32.const 1)))
        (br_if $block (local.get $blocks)))))

  ;; Float formats that fit float32 (2 <= p <= 24, not ftz). m, qSub (quantum exponent below 2^emin), emin, the
  ;; largest finite value, -0 a value (1/0), the overflow values (as under raz), and the values of +-inf inputs.
  (func (export "floatSr") (param $base i32) (param $n i32) (param $rbase i32)
    (param $m i32) (param $qSub i32) (param $emin i32) (param $maxF f64) (param $negZ i32)
    (param $ovfP f64) (param $ovfN f64) (param $infP f64) (param $infN f64)
    (local $end i32) (local $x v128) (local $u v128) (local $sg v128) (local $a v128) (local $be v128) (local $qv v128)
    (local $r v128) (local $I v128) (local $v v128) (local $res v128) (local $isNeg v128)
    (local $vBiasM v128) (local $vQSub v128) (local $vBeMin v128) (local $vMaxF v128) (local $vNz v128)
    (local $vOvfP v128) (local $vOvfN v128) (local $vInfP v128) (local $vInfN v128)
    (local.set $vBiasM (i64x2.splat (i64.extend_i32_s (i32.add (i32.const 1023) (local.get $m)))))
    (local.set $vQSub (i64x2.splat (i64.extend_i32_s (local.get $qSub))))
    (local.set $vBeMin (i64x2.splat (i64.extend_i32_s (i32.add (i32.const 1023) (local.get $emin)))))
    (local.set $vMaxF (f64x2.splat (local.get $maxF)))
    (local.set $vNz (i64x2.splat (i64.extend_i32_s (i32.sub (i32.const 0) (local.get $negZ)))))
    (local.set $vOvfP (f64x2.splat (local.get $ovfP)))
    (local.set $vOvfN (f64x2.splat (local.get $ovfN)))
    (local.set $vInfP (f64x2.splat (local.get $infP)))
    (local.set $vInfN (f64x2.splat (local.get $infN)))
    (local.set $end (i32.add (local.get $base) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (local.set $x (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $base))))
        (local.set $u (f64x2.mul (f64x2.convert_low_i32x4_u (v128.load64_zero (local.get $rbase))) (v128.const f64x2 0x1p-32 0x1p-32)))
        (local.set $sg (v128.and (local.get $x) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
        (local.set $isNeg (i64x2.ne (local.get $sg) (v128.const i64x2 0 0)))
        (local.set $a (f64x2.abs (local.get $x)))
        (local.set $be (i64x2.shr_u (local.get $a) (i32.const 52)))
        (local.set $qv (v128.bitselect (local.get $vQSub) (i64x2.sub (local.get $be) (local.get $vBiasM))
          (i64x2.lt_s (local.get $be) (local.get $vBeMin))))
        (local.set $r (f64x2.mul (local.get $a) (i64x2.shl (i64x2.sub (v128.const i64x2 1023 1023) (local.get $qv)) (i32.const 52))))
        (local.set $I (f64x2.floor (local.get $r)))
        ;; the upper candidate when u < f = r - I
        (local.set $I (f64x2.add (local.get $I)
          (v128.and (f64x2.lt (local.get $u) (f64x2.sub (local.get $r) (local.get $I))) (v128.const f64x2 1 1))))
        (local.set $v (f64x2.mul (local.get $I) (i64x2.shl (i64x2.add (local.get $qv) (v128.const i64x2 1023 1023)) (i32.const 52))))
        (local.set $res (v128.or (local.get $v)
          (v128.andnot (local.get $sg) (v128.andnot (f64x2.eq (local.get $v) (v128.const i64x2 0 0)) (local.get $vNz)))))
        (local.set $res (v128.bitselect
          (v128.bitselect (local.get $vOvfN) (local.get $vOvfP) (local.get $isNeg))
          (local.get $res)
          (f64x2.gt (local.get $v) (local.get $vMaxF))))
        ;; +-inf inputs, then NaN (the canonical quiet NaN, as the JS kernels store it)
        (local.set $res (v128.bitselect
          (v128.bitselect (local.get $vInfN) (local.get $vInfP) (local.get $isNeg))
          (local.get $res)
          (f64x2.eq (local.get $a) (v128.const f64x2 inf inf))))
        (local.set $res (v128.bitselect (v128.const i64x2 0x7ff8000000000000 0x7ff8000000000000) (local.get $res)
          (f64x2.ne (local.get $x) (local.get $x))))
        (v128.store64_lane 0 (local.get $base) (f32x4.demote_f64x2_zero (local.get $res)))
        (local.set $base (i32.add (local.get $base) (i32.const 8)))
        (local.set $rbase (i32.add (local.get $rbase) (i32.const 8)))
        (br_if $next (i32.lt_u (local.get $base) (local.get $end))))))

  ;; Saturating fixed formats: scale = 2^f, inv = 2^-f, codes lo..hi (float64 integers). NaN -> 0.
  (func (export "fixedSr") (param $base i32) (param $n i32) (param $rbase i32)
    (param $scale f64) (param $inv f64) (param $lo f64) (param $hi f64)
    (local $end i32) (local $x v128) (local $u v128) (local $r v128) (local $I v128) (local $k v128)
    (local $vScale v128) (local $vInv v128) (local $vLo v128) (local $vHi v128)
    (local.set $vScale (f64x2.splat (local.get $scale)))
    (local.set $vInv (f64x2.splat (local.get $inv)))
    (local.set $vLo (f64x2.splat (local.get $lo)))
    (local.set $vHi (f64x2.splat (local.get $hi)))
    (local.set $end (i32.add (local.get $base) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (local.set $x (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $base))))
        (local.set $u (f64x2.mul (f64x2.convert_low_i32x4_u (v128.load64_zero (local.get $rbase))) (v128.const f64x2 0x1p-32 0x1p-32)))
        (local.set $r (f64x2.mul (f64x2.abs (local.get $x)) (local.get $vScale)))
        (local.set $I (f64x2.floor (local.get $r)))
        (local.set $I (f64x2.add (local.get $I)
          (v128.and (f64x2.lt (local.get $u) (f64x2.sub (local.get $r) (local.get $I))) (v128.const f64x2 1 1))))
        ;; the sign back, clamp to the code range, times 2^-f, + 0 (one zero); NaN -> 0
        (local.set $k (v128.or (local.get $I) (v128.and (local.get $x) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))
        (local.set $k (f64x2.pmin (local.get $vHi) (f64x2.pmax (local.get $vLo) (local.get $k))))
        (local.set $k (f64x2.add (f64x2.mul (local.get $k) (local.get $vInv)) (v128.const i64x2 0 0)))
        (local.set $k (v128.and (local.get $k) (f64x2.eq (local.get $x) (local.get $x))))
        (v128.store64_lane 0 (local.get $base) (f32x4.demote_f64x2_zero (local.get $k)))
        (local.set $base (i32.add (local.get $base) (i32.const 8)))
        (local.set $rbase (i32.add (local.get $rbase) (i32.const 8)))
        (br_if $next (i32.lt_u (local.get $base) (local.get $end))))))
)
