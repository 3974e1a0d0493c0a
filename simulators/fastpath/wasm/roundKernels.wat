;; lowbit's WebAssembly SIMD rounding kernels (round to nearest, ties to even), 4 float32 lanes per step.
;; Source of simulators/fastpath/wasm/roundKernelsBytes.ts (regenerate: node bin/run-ts.js scripts/buildWasm.ts).
;; Both kernels round n float32 values at byte offset `base` of the imported memory in place; n is a multiple of 8
;; (floatRne does two vectors per step).
;; (The caller keeps base off a 4 KiB boundary: copying results out of a page-aligned region into page-aligned
;; chunks of the destination made every copy 4 KiB-aliased, which had cost more than the rounding itself.)
;; They give the same bits as the JS kernels of simulators/fastpath (tested against them and the oracle vectors).
(module
  ;; The memory is the caller's: a 5-page scratch region for arrays that live in JavaScript, or the memory of an
  ;; array allocated in WebAssembly (wasmFloat32Array), which the kernels then round where it lies.
  (import "env" "memory" (memory $mem 1))
  (export "memory" (memory $mem))
  (global $c1 (mut i32) (i32.const 0))

  ;; Float formats whose values are float32 (fitsFloat32Bits) with subnormals kept (not ftz).
  ;; |x| >= 2^emin (bits A >= minN): A + (2^(s-1) - 1) + lsb, cut to the kept s bits (s = 23 - m), a carry out of
  ;; the mantissa bumps the exponent; above maxB the overflow value ovP/ovN.
  ;; |x| < 2^emin: (|x| + T) - T with T = 2^(qSub + 23) rounds |x| to the fixed quantum 2^qSub, ties to even,
  ;; in one float32 addition (IEEE, round to nearest even); the sign comes back, and a zero keeps it only
  ;; where negZero = 0x80000000 (formats with -0).
  ;; NaN -> 0x7fc00000; +-inf -> infP/infN (the format's value for an infinite input).
  (func (export "floatRne")
    (param $base i32) (param $n i32) (param $s i32) (param $lsb i32) (param $minN i32) (param $maxB i32)
    (param $ovP i32) (param $ovN i32) (param $infP i32) (param $infN i32) (param $negZero i32) (param $T f32)
    (local $p i32) (local $end i32)
    (local $b v128) (local $A v128) (local $sg v128) (local $r v128) (local $res v128) (local $lo v128)
    (local $vBias v128) (local $vLsb v128) (local $vMask v128) (local $vMinN v128) (local $vMaxB v128)
    (local $vT v128) (local $vNz v128) (local $isNeg v128)
    (local.set $vBias (i32x4.splat (i32.sub (i32.shl (i32.const 1) (local.get $s)) (i32.const 1))))
    (local.set $vBias (i32x4.shr_u (local.get $vBias) (i32.const 1)))
    (local.set $vLsb (i32x4.splat (local.get $lsb)))
    (local.set $vMask (v128.not (i32x4.splat (i32.sub (i32.shl (i32.const 1) (local.get $s)) (i32.const 1)))))
    (local.set $vMinN (i32x4.splat (local.get $minN)))
    (local.set $vMaxB (i32x4.splat (local.get $maxB)))
    (local.set $vT (f32x4.splat (local.get $T)))
    (local.set $vNz (i32x4.splat (local.get $negZero)))
    (local.set $p (local.get $base))
    (local.set $end (i32.add (local.get $base) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (local.set $b (v128.load (local.get $p)))
        (local.set $A (v128.and (local.get $b) (i32x4.splat (i32.const 0x7fffffff))))
        (local.set $sg (v128.and (local.get $b) (i32x4.splat (i32.const 0x80000000))))
        (local.set $isNeg (i32x4.shr_s (local.get $b) (i32.const 31)))
        ;; normal range
        (local.set $r (v128.and
          (i32x4.add (i32x4.add (local.get $A) (local.get $vBias))
                     (v128.and (i32x4.shr_u (local.get $A) (local.get $s)) (local.get $vLsb)))
          (local.get $vMask)))
        (local.set $res (v128.or (local.get $r) (local.get $sg)))
        (local.set $res (v128.bitselect
          (v128.bitselect (i32x4.splat (local.get $ovN)) (i32x4.splat (local.get $ovP)) (local.get $isNeg))
          (local.get $res)
          (i32x4.gt_s (local.get $r) (local.get $vMaxB))))
        ;; below 2^emin: fixed quantum
        (local.set $lo (f32x4.sub (f32x4.add (local.get $A) (local.get $vT)) (local.get $vT)))
        (local.set $lo (v128.or (local.get $lo)
          (v128.bitselect (v128.and (local.get $sg) (local.get $vNz)) (local.get $sg)
            (i32x4.eq (local.get $lo) (v128.const i32x4 0 0 0 0)))))
        (local.set $res (v128.bitselect (local.get $lo) (local.get $res) (i32x4.lt_s (local.get $A) (local.get $vMinN))))
        ;; +-inf inputs took the overflow value above (r > maxB), which is the value of an infinite input in every
        ;; format (floatRneParams checks); NaN
        (local.set $res (v128.bitselect (i32x4.splat (i32.const 0x7fc00000)) (local.get $res)
          (i32x4.gt_s (local.get $A) (i32x4.splat (i32.const 0x7f800000)))))
        (v128.store (local.get $p) (local.get $res))
        (local.set $b (v128.load offset=16 (local.get $p)))
        (local.set $A (v128.and (local.get $b) (i32x4.splat (i32.const 0x7fffffff))))
        (local.set $sg (v128.and (local.get $b) (i32x4.splat (i32.const 0x80000000))))
        (local.set $isNeg (i32x4.shr_s (local.get $b) (i32.const 31)))
        ;; normal range
        (local.set $r (v128.and
          (i32x4.add (i32x4.add (local.get $A) (local.get $vBias))
                     (v128.and (i32x4.shr_u (local.get $A) (local.get $s)) (local.get $vLsb)))
          (local.get $vMask)))
        (local.set $res (v128.or (local.get $r) (local.get $sg)))
        (local.set $res (v128.bitselect
          (v128.bitselect (i32x4.splat (local.get $ovN)) (i32x4.splat (local.get $ovP)) (local.get $isNeg))
          (local.get $res)
          (i32x4.gt_s (local.get $r) (local.get $vMaxB))))
        ;; below 2^emin: fixed quantum
        (local.set $lo (f32x4.sub (f32x4.add (local.get $A) (local.get $vT)) (local.get $vT)))
        (local.set $lo (v128.or (local.get $lo)
          (v128.bitselect (v128.and (local.get $sg) (local.get $vNz)) (local.get $sg)
            (i32x4.eq (local.get $lo) (v128.const i32x4 0 0 0 0)))))
        (local.set $res (v128.bitselect (local.get $lo) (local.get $res) (i32x4.lt_s (local.get $A) (local.get $vMinN))))
        ;; +-inf inputs took the overflow value above (r > maxB), which is the value of an infinite input in every
        ;; format (floatRneParams checks); NaN
        (local.set $res (v128.bitselect (i32x4.splat (i32.const 0x7fc00000)) (local.get $res)
          (i32x4.gt_s (local.get $A) (i32x4.splat (i32.const 0x7f800000)))))
        (v128.store offset=16 (local.get $p) (local.get $res))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br_if $next (i32.lt_u (local.get $p) (local.get $end))))))

  ;; Saturating fixed formats (signed or unsigned, codes lo..hi with at most 25 bits), -126 <= f <= 127:
  ;; k = nearest(x * 2^f) (exact product; wasm's nearest rounds ties to even), clamped to [lo, hi], times 2^-f,
  ;; + 0 (so -0 becomes +0: fixed point has one zero); NaN -> 0. Also counts, on the inputs, |x| >= t0 (returned)
  ;; and |x| >= t1 (global c1): the overflow tests of dynamic fixed point (NaN never counts).
  (func (export "fixedRne")
    (param $base i32) (param $n i32) (param $scale f32) (param $inv f32) (param $lo f32) (param $hi f32) (param $t0 f32) (param $t1 f32)
    (result i32)
    (local $p i32) (local $end i32)
    (local $x v128) (local $a v128) (local $k v128) (local $c0 v128) (local $c1v v128)
    (local $vScale v128) (local $vInv v128) (local $vLo v128) (local $vHi v128) (local $vT0 v128) (local $vT1 v128)
    (local.set $vScale (f32x4.splat (local.get $scale)))
    (local.set $vInv (f32x4.splat (local.get $inv)))
    (local.set $vLo (f32x4.splat (local.get $lo)))
    (local.set $vHi (f32x4.splat (local.get $hi)))
    (local.set $vT0 (f32x4.splat (local.get $t0)))
    (local.set $vT1 (f32x4.splat (local.get $t1)))
    (local.set $p (local.get $base))
    (local.set $end (i32.add (local.get $base) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (local.set $x (v128.load (local.get $p)))
        (local.set $a (f32x4.abs (local.get $x)))
        (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $a) (local.get $vT0))))
        (local.set $c1v (i32x4.sub (local.get $c1v) (f32x4.ge (local.get $a) (local.get $vT1))))
        (local.set $k (f32x4.nearest (f32x4.mul (local.get $x) (local.get $vScale))))
        (local.set $k (f32x4.pmin (local.get $vHi) (f32x4.pmax (local.get $vLo) (local.get $k))))
        (local.set $k (f32x4.add (f32x4.mul (local.get $k) (local.get $vInv)) (v128.const i32x4 0 0 0 0)))
        (v128.store (local.get $p)
          (v128.and (local.get $k) (f32x4.eq (local.get $x) (local.get $x))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br_if $next (i32.lt_u (local.get $p) (local.get $end)))))
    (global.set $c1 (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $c1v)) (i32x4.extract_lane 1 (local.get $c1v)))
      (i32.add (i32x4.extract_lane 2 (local.get $c1v)) (i32x4.extract_lane 3 (local.get $c1v)))))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $c0)) (i32x4.extract_lane 1 (local.get $c0)))
      (i32.add (i32x4.extract_lane 2 (local.get $c0)) (i32x4.extract_lane 3 (local.get $c0)))))

  (func (export "c1") (result i32) (global.get $c1))
)
