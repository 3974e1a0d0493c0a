;; lowbit's WebAssembly SIMD kernels for dot and matmul with simulated product and accumulator formats: every
;; product a*b rounded once into the product format, every addition rounded once into the accumulator format,
;; round to nearest even, both float formats with 2 <= p <= 24 (not ftz) whose values lie within 2^+-500.
;; Source of simulators/fastpath/wasm/dotKernelsBytes.ts (regenerate: node bin/run-ts.js scripts/buildWasm.ts).
;;
;; C (M x Np) = A (M x K) . B (K x Np), row-major float64 at byte offsets aOff, bOff, cOff; Np a multiple of 8.
;; Lanes are output columns: each lane is its own sequential chain, so the chains of 8 columns run side by side.
;; The operands must have exact float64 products (the caller checks: at most 26 significant bits, within 2^+-480).
;; Exactness of each rounding is argued in arithKernels.wat: products are exact doubles (no error term); a sum s
;; = fl(acc + p) carries the TwoSum error e, and s is moved by 2^-26 quantum units toward acc + p where s is a
;; rounding boundary. Returns 1 when some chain met a value that is not finite (an infinite or NaN sum, an
;; overflow to inf): the caller then recomputes with the exact JS path (IEEE rules for inf and NaN).
(module
  (memory (export "memory") 1)
  (global $pMaxF (mut v128) (v128.const i64x2 0 0))
  (global $pNegZ (mut v128) (v128.const i64x2 0 0))
  (global $pOvfP (mut v128) (v128.const i64x2 0 0))
  (global $pOvfN (mut v128) (v128.const i64x2 0 0))
  (global $pBiasM (mut v128) (v128.const i64x2 0 0))
  (global $pQSub (mut v128) (v128.const i64x2 0 0))
  (global $pBeMin (mut v128) (v128.const i64x2 0 0))
  (global $aMaxF (mut v128) (v128.const i64x2 0 0))
  (global $aNegZ (mut v128) (v128.const i64x2 0 0))
  (global $aOvfP (mut v128) (v128.const i64x2 0 0))
  (global $aOvfN (mut v128) (v128.const i64x2 0 0))
  (global $aBiasM (mut v128) (v128.const i64x2 0 0))
  (global $aQSub (mut v128) (v128.const i64x2 0 0))
  (global $aBeMin (mut v128) (v128.const i64x2 0 0))
  (global $bad (mut v128) (v128.const i64x2 0 0))
  ;; For the written-out sequential kernel: 2^(qSub + 52), (52 - m) << 52 and 2^emin of each side.
  (global $pT (mut v128) (v128.const i64x2 0 0))
  (global $pKM (mut v128) (v128.const i64x2 0 0))
  (global $pMinN (mut v128) (v128.const i64x2 0 0))
  (global $aT (mut v128) (v128.const i64x2 0 0))
  (global $aKM (mut v128) (v128.const i64x2 0 0))
  (global $aMinN (mut v128) (v128.const i64x2 0 0))
  ;; Fixed-point sides (1 = fixed): 2^f, 2^-f, the code range, wrap (1) or saturate, 2^w and 2^-w.
  (global $pFixed (mut i32) (i32.const 0))
  (global $aFixed (mut i32) (i32.const 0))
  (global $pScale (mut v128) (v128.const i64x2 0 0))
  (global $pLsb (mut v128) (v128.const i64x2 0 0))
  (global $pLo (mut v128) (v128.const i64x2 0 0))
  (global $pHi (mut v128) (v128.const i64x2 0 0))
  (global $pWrap (mut i32) (i32.const 0))
  (global $pM (mut v128) (v128.const i64x2 0 0))
  (global $pInvM (mut v128) (v128.const i64x2 0 0))
  (global $aScale (mut v128) (v128.const i64x2 0 0))
  (global $aLsb (mut v128) (v128.const i64x2 0 0))
  (global $aLo (mut v128) (v128.const i64x2 0 0))
  (global $aHi (mut v128) (v128.const i64x2 0 0))
  (global $aWrap (mut i32) (i32.const 0))
  (global $aM (mut v128) (v128.const i64x2 0 0))
  (global $aInvM (mut v128) (v128.const i64x2 0 0))
  ;; 1 when the product format holds every exact product (float64 for operands with at most 26 bits): no rounding
  (global $pExact (mut i32) (i32.const 0))

  ;; Format constants of one side (side 0 product, 1 accumulator; side 2 sets pExact from m): m, qSub (quantum exponent below 2^emin),
  ;; emin, largest finite value, -0 a value (1/0), and the values a finite overflow becomes.
  (func (export "setup") (param $side i32) (param $m i32) (param $qSub i32) (param $emin i32) (param $maxF f64)
    (param $negZ i32) (param $ovfP f64) (param $ovfN f64)
    (local $nz v128) (local $biasM v128) (local $qs v128) (local $beMin v128) (local $T v128) (local $KM v128) (local $minN v128)
    (local.set $nz (i64x2.splat (i64.extend_i32_s (i32.sub (i32.const 0) (local.get $negZ)))))
    (local.set $biasM (i64x2.splat (i64.extend_i32_s (i32.add (i32.const 1023) (local.get $m)))))
    (local.set $qs (i64x2.splat (i64.extend_i32_s (local.get $qSub))))
    (local.set $beMin (i64x2.splat (i64.extend_i32_s (i32.add (i32.const 1023) (local.get $emin)))))
    (local.set $T (i64x2.splat (i64.shl (i64.extend_i32_s (i32.add (i32.const 1075) (local.get $qSub))) (i64.const 52))))
    (local.set $KM (i64x2.splat (i64.shl (i64.extend_i32_s (i32.sub (i32.const 52) (local.get $m))) (i64.const 52))))
    (local.set $minN (i64x2.shl (local.get $beMin) (i32.const 52)))
    (if (i32.eq (local.get $side) (i32.const 2)) (then (global.set $pExact (local.get $m)) (return)))
    (if (i32.eqz (local.get $side)) (then (global.set $pFixed (i32.const 0))) (else (global.set $aFixed (i32.const 0))))
    (if (i32.eqz (local.get $side))
      (then
        (global.set $pMaxF (f64x2.splat (local.get $maxF)))
        (global.set $pNegZ (local.get $nz))
        (global.set $pOvfP (f64x2.splat (local.get $ovfP)))
        (global.set $pOvfN (f64x2.splat (local.get $ovfN)))
        (global.set $pBiasM (local.get $biasM))
        (global.set $pQSub (local.get $qs))
        (global.set $pBeMin (local.get $beMin))
        (global.set $pT (local.get $T))
        (global.set $pKM (local.get $KM))
        (global.set $pMinN (local.get $minN)))
      (else
        (global.set $aMaxF (f64x2.splat (local.get $maxF)))
        (global.set $aNegZ (local.get $nz))
        (global.set $aOvfP (f64x2.splat (local.get $ovfP)))
        (global.set $aOvfN (f64x2.splat (local.get $ovfN)))
        (global.set $aBiasM (local.get $biasM))
        (global.set $aQSub (local.get $qs))
        (global.set $aBeMin (local.get $beMin))
        (global.set $aT (local.get $T))
        (global.set $aKM (local.get $KM))
        (global.set $aMinN (local.get $minN)))))

  ;; A fixed-point side (0 product, 1 accumulator): value = code * 2^-f, codes lo..hi, wrapping modulo 2^w or
  ;; saturating. The caller keeps every scaled sum below 2^25 in magnitude (so the 2^-26 move is exact).
  (func (export "setupFixed") (param $side i32) (param $scale f64) (param $lsb f64) (param $lo f64) (param $hi f64)
    (param $wrap i32) (param $M f64)
    (if (i32.eqz (local.get $side))
      (then
        (global.set $pFixed (i32.const 1))
        (global.set $pScale (f64x2.splat (local.get $scale)))
        (global.set $pLsb (f64x2.splat (local.get $lsb)))
        (global.set $pLo (f64x2.splat (local.get $lo)))
        (global.set $pHi (f64x2.splat (local.get $hi)))
        (global.set $pWrap (local.get $wrap))
        (global.set $pM (f64x2.splat (local.get $M)))
        (global.set $pInvM (f64x2.splat (f64.div (f64.const 1) (local.get $M)))))
      (else
        (global.set $aFixed (i32.const 1))
        (global.set $aScale (f64x2.splat (local.get $scale)))
        (global.set $aLsb (f64x2.splat (local.get $lsb)))
        (global.set $aLo (f64x2.splat (local.get $lo)))
        (global.set $aHi (f64x2.splat (local.get $hi)))
        (global.set $aWrap (local.get $wrap))
        (global.set $aM (f64x2.splat (local.get $M)))
        (global.set $aInvM (f64x2.splat (f64.div (f64.const 1) (local.get $M)))))))

  ;; An exact product rounded into the fixed product format (nearest even on the scaled value, then the range).
  (func $fixP (param $s v128) (result v128)
    (local $R v128)
    (local.set $R (f64x2.nearest (f64x2.mul (local.get $s) (global.get $pScale))))
    (if (global.get $pWrap)
      (then (local.set $R (f64x2.sub (local.get $R)
        (f64x2.mul (f64x2.floor (f64x2.mul (f64x2.sub (local.get $R) (global.get $pLo)) (global.get $pInvM))) (global.get $pM)))))
      (else (local.set $R (f64x2.pmin (global.get $pHi) (f64x2.pmax (global.get $pLo) (local.get $R))))))
    (f64x2.add (f64x2.mul (local.get $R) (global.get $pLsb)) (v128.const i64x2 0 0)))

  ;; x + y rounded into the fixed accumulator format: TwoSum, the scaled sum moved by 2^-26 toward the exact sum
  ;; where it is a boundary, nearest even, then the range (saturate or wrap); marks non-finite sums in $bad.
  (func $fixAdd (param $x v128) (param $y v128) (result v128)
    (local $s v128) (local $bv v128) (local $e v128) (local $r v128) (local $t v128) (local $R v128)
    (local.set $s (f64x2.add (local.get $x) (local.get $y)))
    (local.set $bv (f64x2.sub (local.get $s) (local.get $x)))
    (local.set $e (f64x2.add (f64x2.sub (local.get $x) (f64x2.sub (local.get $s) (local.get $bv))) (f64x2.sub (local.get $y) (local.get $bv))))
    (global.set $bad (v128.or (global.get $bad) (f64x2.ne (f64x2.sub (local.get $s) (local.get $s)) (v128.const i64x2 0 0))))
    (local.set $r (f64x2.mul (local.get $s) (global.get $aScale)))
    (local.set $t (f64x2.add (local.get $r) (local.get $r)))
    (local.set $R (f64x2.nearest (f64x2.add (local.get $r)
      (v128.and
        (v128.and (f64x2.eq (local.get $t) (f64x2.nearest (local.get $t))) (f64x2.ne (local.get $e) (v128.const i64x2 0 0)))
        (v128.or (v128.const f64x2 0x1p-26 0x1p-26) (v128.and (local.get $e) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))))))
    (if (global.get $aWrap)
      (then (local.set $R (f64x2.sub (local.get $R)
        (f64x2.mul (f64x2.floor (f64x2.mul (f64x2.sub (local.get $R) (global.get $aLo)) (global.get $aInvM))) (global.get $aM)))))
      (else (local.set $R (f64x2.pmin (global.get $aHi) (f64x2.pmax (global.get $aLo) (local.get $R))))))
    (f64x2.add (f64x2.mul (local.get $R) (global.get $aLsb)) (v128.const i64x2 0 0)))

  ;; An exact double product rounded into the product format.
  (func $roundP (param $s v128) (result v128)
    (local $sg v128) (local $as v128) (local $be v128) (local $qv v128) (local $v v128)
    (if (global.get $pExact) (then (return (local.get $s))))
    (if (global.get $pFixed) (then (return (call $fixP (local.get $s)))))
    (local.set $sg (v128.and (local.get $s) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
    (local.set $as (f64x2.abs (local.get $s)))
    (local.set $be (i64x2.shr_u (local.get $as) (i32.const 52)))
    (local.set $qv (v128.bitselect (global.get $pQSub) (i64x2.sub (local.get $be) (global.get $pBiasM))
      (i64x2.lt_s (local.get $be) (global.get $pBeMin))))
    (local.set $v (f64x2.mul
      (f64x2.nearest (f64x2.mul (local.get $as) (i64x2.shl (i64x2.sub (v128.const i64x2 1023 1023) (local.get $qv)) (i32.const 52))))
      (i64x2.shl (i64x2.add (local.get $qv) (v128.const i64x2 1023 1023)) (i32.const 52))))
    (local.set $sg (v128.andnot (local.get $sg) (v128.andnot (f64x2.eq (local.get $v) (v128.const i64x2 0 0)) (global.get $pNegZ))))
    (v128.bitselect
      (v128.bitselect (global.get $pOvfN) (global.get $pOvfP) (i64x2.ne (local.get $sg) (v128.const i64x2 0 0)))
      (v128.or (local.get $v) (local.get $sg))
      (f64x2.gt (local.get $v) (global.get $pMaxF))))

  ;; x + y (values of the accumulator and product formats) rounded once into the accumulator format; marks
  ;; lanes whose sum is not finite in $bad.
  (func $addA (param $x v128) (param $y v128) (result v128)
    (local $s v128) (local $bv v128) (local $e v128) (local $sg v128) (local $as v128) (local $be v128) (local $qv v128)
    (local $r v128) (local $t v128) (local $v v128)
    (if (global.get $aFixed) (then (return (call $fixAdd (local.get $x) (local.get $y)))))
    (local.set $s (f64x2.add (local.get $x) (local.get $y)))
    (local.set $bv (f64x2.sub (local.get $s) (local.get $x)))
    (local.set $sg (v128.and (local.get $s) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
    (local.set $e (v128.xor (local.get $sg)
      (f64x2.add (f64x2.sub (local.get $x) (f64x2.sub (local.get $s) (local.get $bv))) (f64x2.sub (local.get $y) (local.get $bv)))))
    (global.set $bad (v128.or (global.get $bad) (f64x2.ne (f64x2.sub (local.get $s) (local.get $s)) (v128.const i64x2 0 0))))
    (local.set $as (f64x2.abs (local.get $s)))
    (local.set $be (i64x2.shr_u (local.get $as) (i32.const 52)))
    (local.set $qv (v128.bitselect (global.get $aQSub) (i64x2.sub (local.get $be) (global.get $aBiasM))
      (i64x2.lt_s (local.get $be) (global.get $aBeMin))))
    (local.set $r (f64x2.mul (local.get $as) (i64x2.shl (i64x2.sub (v128.const i64x2 1023 1023) (local.get $qv)) (i32.const 52))))
    (local.set $t (f64x2.add (local.get $r) (local.get $r)))
    (local.set $r (f64x2.add (local.get $r)
      (v128.and
        (v128.and (f64x2.eq (local.get $t) (f64x2.nearest (local.get $t))) (f64x2.ne (local.get $e) (v128.const i64x2 0 0)))
        (v128.or (v128.const f64x2 0x1p-26 0x1p-26) (v128.and (local.get $e) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))))
    (local.set $v (f64x2.mul (f64x2.nearest (local.get $r))
      (i64x2.shl (i64x2.add (local.get $qv) (v128.const i64x2 1023 1023)) (i32.const 52))))
    (local.set $sg (v128.andnot (local.get $sg) (v128.andnot (f64x2.eq (local.get $v) (v128.const i64x2 0 0)) (global.get $aNegZ))))
    (v128.bitselect
      (v128.bitselect (global.get $aOvfN) (global.get $aOvfP) (i64x2.ne (local.get $sg) (v128.const i64x2 0 0)))
      (v128.or (local.get $v) (local.get $sg))
      (f64x2.gt (local.get $v) (global.get $aMaxF))))

  ;; Sequential sum from +0 of the rounded products of A[i, k] and B[k, j..j+1] for k0 <= k < k1.
  (func $seq (param $ap i32) (param $bp i32) (param $np8 i32) (param $k0 i32) (param $k1 i32) (result v128)
    (local $acc v128) (local $k i32)
    (local.set $k (local.get $k0))
    (block $done
      (br_if $done (i32.ge_u (local.get $k) (local.get $k1)))
      (loop $next
        (local.set $acc (call $addA (local.get $acc)
          (call $roundP (f64x2.mul
            (f64x2.splat (f64.load (i32.add (local.get $ap) (i32.shl (local.get $k) (i32.const 3)))))
            (v128.load (i32.add (local.get $bp) (i32.mul (local.get $k) (local.get $np8))))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $k) (local.get $k1)))))
    (local.get $acc))

  ;; The halving tree over rounded products k0 <= k < k1 (k1 - k0 >= 2): left half floor(n/2) products.
  (func $tree (param $ap i32) (param $bp i32) (param $np8 i32) (param $k0 i32) (param $k1 i32) (result v128)
    (local $mid i32)
    (if (result v128) (i32.eq (i32.sub (local.get $k1) (local.get $k0)) (i32.const 1))
      (then
        (call $roundP (f64x2.mul
          (f64x2.splat (f64.load (i32.add (local.get $ap) (i32.shl (local.get $k0) (i32.const 3)))))
          (v128.load (i32.add (local.get $bp) (i32.mul (local.get $k0) (local.get $np8)))))))
      (else
        (local.set $mid (i32.add (local.get $k0) (i32.shr_u (i32.sub (local.get $k1) (local.get $k0)) (i32.const 1))))
        (call $addA
          (call $tree (local.get $ap) (local.get $bp) (local.get $np8) (local.get $k0) (local.get $mid))
          (call $tree (local.get $ap) (local.get $bp) (local.get $np8) (local.get $mid) (local.get $k1))))))

  ;; C = A.B with the summation order: 0 sequential, 1 pairwise, 2 blocked in chunks of `chunk` products.
  (func (export "matmul") (param $M i32) (param $K i32) (param $Np i32) (param $aOff i32) (param $bOff i32) (param $cOff i32)
    (param $order i32) (param $chunk i32) (result i32)
    (local $i i32) (local $j i32) (local $ap i32) (local $bp i32) (local $cp i32) (local $np8 i32) (local $k i32) (local $k1 i32)
    (local $acc v128) (local $part v128) (local $half i32)
    (local.set $np8 (i32.shl (local.get $Np) (i32.const 3)))
    (global.set $bad (v128.const i64x2 0 0))
    (local.set $cp (local.get $cOff))
    (block $rowsDone
      (br_if $rowsDone (i32.eqz (local.get $M)))
      (loop $row
        (local.set $ap (i32.add (local.get $aOff) (i32.shl (i32.mul (local.get $i) (local.get $K)) (i32.const 3))))
        (local.set $j (i32.const 0))
        (loop $col
          (local.set $bp (i32.add (local.get $bOff) (i32.shl (local.get $j) (i32.const 3))))
          (if (i32.eqz (local.get $order))
            (then (call $seq8 (local.get $ap) (local.get $bp) (local.get $np8) (local.get $K) (local.get $cp)))
            (else
              (if (i32.eq (local.get $order) (i32.const 1))
                (then
                  (if (i32.eqz (local.get $K))
                    (then (local.set $acc (v128.const i64x2 0 0)) (local.set $part (v128.const i64x2 0 0)))
                    (else
                      (if (i32.eq (local.get $K) (i32.const 1))
                        (then
                          (local.set $acc (call $seq (local.get $ap) (local.get $bp) (local.get $np8) (i32.const 0) (i32.const 1)))
                          (local.set $part (call $seq (local.get $ap) (i32.add (local.get $bp) (i32.const 16)) (local.get $np8) (i32.const 0) (i32.const 1))))
                        (else
                          (local.set $acc (call $tree (local.get $ap) (local.get $bp) (local.get $np8) (i32.const 0) (local.get $K)))
                          (local.set $part (call $tree (local.get $ap) (i32.add (local.get $bp) (i32.const 16)) (local.get $np8) (i32.const 0) (local.get $K))))))))
                (else
                  (local.set $acc (call $blocked (local.get $ap) (local.get $bp) (local.get $np8) (local.get $K) (local.get $chunk)))
                  (local.set $part (call $blocked (local.get $ap) (i32.add (local.get $bp) (i32.const 16)) (local.get $np8) (local.get $K) (local.get $chunk)))))
              (v128.store (local.get $cp) (local.get $acc))
              (v128.store offset=16 (local.get $cp) (local.get $part))
              (local.set $half (i32.xor (local.get $half) (i32.const 1)))
              (if (local.get $half)
                (then
                  (local.set $cp (i32.add (local.get $cp) (i32.const 32)))
                  (local.set $j (i32.add (local.get $j) (i32.const 4)))
                  (br $col)))
              (local.set $cp (i32.sub (local.get $cp) (i32.const 32)))
              (local.set $j (i32.sub (local.get $j) (i32.const 4)))))
          (local.set $cp (i32.add (local.get $cp) (i32.const 64)))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br_if $col (i32.lt_u (local.get $j) (local.get $Np))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $row (i32.lt_u (local.get $i) (local.get $M)))))
    (v128.any_true (global.get $bad)))

  ;; One or two columns (a dot product, or matmul with N <= 2): B is K x 2 (row stride 16 bytes); the two results
  ;; are stored at cOff. Orders as in matmul. Returns 1 when a sum was not finite.
  (func (export "dot2") (param $K i32) (param $aOff i32) (param $bOff i32) (param $cOff i32) (param $order i32) (param $chunk i32) (result i32)
    (local $acc v128)
    (global.set $bad (v128.const i64x2 0 0))
    (if (i32.eqz (local.get $order))
      (then (local.set $acc (call $seq (local.get $aOff) (local.get $bOff) (i32.const 16) (i32.const 0) (local.get $K))))
      (else
        (if (i32.eq (local.get $order) (i32.const 1))
          (then
            (if (i32.le_u (local.get $K) (i32.const 1))
              (then (local.set $acc (call $seq (local.get $aOff) (local.get $bOff) (i32.const 16) (i32.const 0) (local.get $K))))
              (else (local.set $acc (call $tree (local.get $aOff) (local.get $bOff) (i32.const 16) (i32.const 0) (local.get $K))))))
          (else (local.set $acc (call $blocked (local.get $aOff) (local.get $bOff) (i32.const 16) (local.get $K) (local.get $chunk)))))))
    (v128.store (local.get $cOff) (local.get $acc))
    (v128.any_true (global.get $bad)))

  ;; Blocked order: sequential sums of chunks of C products, then those partial sums added sequentially from +0.
  (func $blocked (param $ap i32) (param $bp i32) (param $np8 i32) (param $K i32) (param $C i32) (result v128)
    (local $k i32) (local $acc v128) (local $k1 i32)
    (if (i32.le_u (local.get $K) (local.get $C))
      (then (return (call $seq (local.get $ap) (local.get $bp) (local.get $np8) (i32.const 0) (local.get $K)))))
    (block $done
      (loop $next
        (local.set $k1 (i32.add (local.get $k) (local.get $C)))
        (if (i32.gt_u (local.get $k1) (local.get $K)) (then (local.set $k1 (local.get $K))))
        (local.set $acc (call $addA (local.get $acc)
          (call $seq (local.get $ap) (local.get $bp) (local.get $np8) (local.get $k) (local.get $k1))))
        (local.set $k (local.get $k1))
        (br_if $next (i32.lt_u (local.get $k) (local.get $K)))))
    (local.get $acc))

  ;; The sequential order for 8 columns at once (four chains of two lanes, interleaved to hide latency), stored
  ;; at cp, with the roundings written out (V8 does not inline wasm calls) in a cheaper form than $roundP/$addA:
  ;; the sum is first rounded to odd at 53 bits from its TwoSum error, then to nearest even at the format's
  ;; quantum by one float64 addition and subtraction of C (the sum of round-to-odd and a rounding at least two
  ;; bits coarser is the correct rounding: Boldo and Melquiond, "Emulation of FMA and correctly rounded sums:
  ;; proved algorithms using rounding to odd", IEEE TC 2008). An infinite sum takes the overflow value; a NaN sum
  ;; stays NaN. A lane whose sum was ever infinite or NaN leaves a non-finite running maximum of |s|, reported to
  ;; the caller (which recomputes unless the accumulator format treats them as the exact path does).
  (func $seq8 (param $ap i32) (param $bp i32) (param $np8 i32) (param $K i32) (param $cp i32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128) (local $k i32) (local $a v128) (local $b i32)
    (local $p v128) (local $s v128) (local $bv v128) (local $e v128) (local $sg v128) (local $as v128)
    (local $C v128) (local $v v128) (local $top v128) (local $exact i32)
    (local.set $exact (global.get $pExact))
    (local.set $b (local.get $bp))
    (block $done
      (br_if $done (i32.eqz (local.get $K)))
      (loop $next
        (local.set $a (f64x2.splat (f64.load (i32.add (local.get $ap) (i32.shl (local.get $k) (i32.const 3))))))
        (local.set $p (f64x2.mul (local.get $a) (v128.load offset=0 (local.get $b))))
        (if (i32.eqz (local.get $exact)) (then
          (local.set $sg (v128.and (local.get $p) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
          (local.set $as (f64x2.abs (local.get $p)))
          (local.set $C (v128.bitselect (global.get $pT) (i64x2.add (v128.and (local.get $as) (v128.const i64x2 0x7ff0000000000000 0x7ff0000000000000)) (global.get $pKM))
            (f64x2.lt (local.get $as) (global.get $pMinN))))
          (local.set $v (f64x2.sub (f64x2.add (local.get $as) (local.get $C)) (local.get $C)))
          (local.set $sg (v128.andnot (local.get $sg) (v128.andnot (f64x2.eq (local.get $v) (v128.const i64x2 0 0)) (global.get $pNegZ))))
          (local.set $p (v128.bitselect
            (v128.bitselect (global.get $pOvfN) (global.get $pOvfP) (i64x2.ne (local.get $sg) (v128.const i64x2 0 0)))
            (v128.or (local.get $v) (local.get $sg))
            (f64x2.gt (local.get $v) (global.get $pMaxF))))))
        (local.set $s (f64x2.add (local.get $acc0) (local.get $p)))
        (local.set $bv (f64x2.sub (local.get $s) (local.get $acc0)))
        (local.set $e (f64x2.add (f64x2.sub (local.get $acc0) (f64x2.sub (local.get $s) (local.get $bv))) (f64x2.sub (local.get $p) (local.get $bv))))
        (local.set $sg (v128.and (local.get $s) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
        (local.set $as (f64x2.abs (local.get $s)))
        (local.set $top (f64x2.max (local.get $top) (local.get $as)))
        ;; round to odd at 53 bits (an even s steps one unit toward the exact sum), then nearest even at the
        ;; quantum by adding and subtracting C = 2^(E + 52 - m) (below 2^emin: 2^(qSub + 52))
        (local.set $as (i64x2.add (local.get $as)
          (v128.and
            (v128.and (i64x2.eq (v128.and (local.get $as) (v128.const i64x2 1 1)) (v128.const i64x2 0 0)) (f64x2.ne (local.get $e) (v128.const i64x2 0 0)))
            (v128.or (i64x2.shr_s (v128.xor (local.get $e) (local.get $sg)) (i32.const 63)) (v128.const i64x2 1 1)))))
        (local.set $C (v128.bitselect (global.get $aT) (i64x2.add (v128.and (local.get $as) (v128.const i64x2 0x7ff0000000000000 0x7ff0000000000000)) (global.get $aKM))
          (f64x2.lt (local.get $as) (global.get $aMinN))))
        (local.set $v (f64x2.sub (f64x2.add (local.get $as) (local.get $C)) (local.get $C)))
        (local.set $sg (v128.andnot (local.get $sg) (v128.andnot (f64x2.eq (local.get $v) (v128.const i64x2 0 0)) (global.get $aNegZ))))
        (local.set $acc0 (v128.bitselect
          (v128.bitselect (global.get $aOvfN) (global.get $aOvfP) (i64x2.ne (local.get $sg) (v128.const i64x2 0 0)))
          (v128.or (local.get $v) (local.get $sg))
          (v128.or (f64x2.gt (local.get $v) (global.get $aMaxF)) (f64x2.eq (f64x2.abs (local.get $s)) (v128.const f64x2 inf inf)))))
        (local.set $p (f64x2.mul (local.get $a) (v128.load offset=16 (local.get $b))))
        (if (i32.eqz (local.get $exact)) (then
          (local.set $sg (v128.and (local.get $p) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
          (local.set $as (f64x2.abs (local.get $p)))
          (local.set $C (v128.bitselect (global.get $pT) (i64x2.add (v128.and (local.get $as) (v128.const i64x2 0x7ff0000000000000 0x7ff0000000000000)) (global.get $pKM))
            (f64x2.lt (local.get $as) (global.get $pMinN))))
          (local.set $v (f64x2.sub (f64x2.add (local.get $as) (local.get $C)) (local.get $C)))
          (local.set $sg (v128.andnot (local.get $sg) (v128.andnot (f64x2.eq (local.get $v) (v128.const i64x2 0 0)) (global.get $pNegZ))))
          (local.set $p (v128.bitselect
            (v128.bitselect (global.get $pOvfN) (global.get $pOvfP) (i64x2.ne (local.get $sg) (v128.const i64x2 0 0)))
            (v128.or (local.get $v) (local.get $sg))
            (f64x2.gt (local.get $v) (global.get $pMaxF))))))
        (local.set $s (f64x2.add (local.get $acc1) (local.get $p)))
        (local.set $bv (f64x2.sub (local.get $s) (local.get $acc1)))
        (local.set $e (f64x2.add (f64x2.sub (local.get $acc1) (f64x2.sub (local.get $s) (local.get $bv))) (f64x2.sub (local.get $p) (local.get $bv))))
        (local.set $sg (v128.and (local.get $s) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
        (local.set $as (f64x2.abs (local.get $s)))
        (local.set $top (f64x2.max (local.get $top) (local.get $as)))
        ;; round to odd at 53 bits (an even s steps one unit toward the exact sum), then nearest even at the
        ;; quantum by adding and subtracting C = 2^(E + 52 - m) (below 2^emin: 2^(qSub + 52))
        (local.set $as (i64x2.add (local.get $as)
          (v128.and
            (v128.and (i64x2.eq (v128.and (local.get $as) (v128.const i64x2 1 1)) (v128.const i64x2 0 0)) (f64x2.ne (local.get $e) (v128.const i64x2 0 0)))
            (v128.or (i64x2.shr_s (v128.xor (local.get $e) (local.get $sg)) (i32.const 63)) (v128.const i64x2 1 1)))))
        (local.set $C (v128.bitselect (global.get $aT) (i64x2.add (v128.and (local.get $as) (v128.const i64x2 0x7ff0000000000000 0x7ff0000000000000)) (global.get $aKM))
          (f64x2.lt (local.get $as) (global.get $aMinN))))
        (local.set $v (f64x2.sub (f64x2.add (local.get $as) (local.get $C)) (local.get $C)))
        (local.set $sg (v128.andnot (local.get $sg) (v128.andnot (f64x2.eq (local.get $v) (v128.const i64x2 0 0)) (global.get $aNegZ))))
        (local.set $acc1 (v128.bitselect
          (v128.bitselect (global.get $aOvfN) (global.get $aOvfP) (i64x2.ne (local.get $sg) (v128.const i64x2 0 0)))
          (v128.or (local.get $v) (local.get $sg))
          (v128.or (f64x2.gt (local.get $v) (global.get $aMaxF)) (f64x2.eq (f64x2.abs (local.get $s)) (v128.const f64x2 inf inf)))))
        (local.set $p (f64x2.mul (local.get $a) (v128.load offset=32 (local.get $b))))
        (if (i32.eqz (local.get $exact)) (then
          (local.set $sg (v128.and (local.get $p) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
          (local.set $as (f64x2.abs (local.get $p)))
          (local.set $C (v128.bitselect (global.get $pT) (i64x2.add (v128.and (local.get $as) (v128.const i64x2 0x7ff0000000000000 0x7ff0000000000000)) (global.get $pKM))
            (f64x2.lt (local.get $as) (global.get $pMinN))))
          (local.set $v (f64x2.sub (f64x2.add (local.get $as) (local.get $C)) (local.get $C)))
          (local.set $sg (v128.andnot (local.get $sg) (v128.andnot (f64x2.eq (local.get $v) (v128.const i64x2 0 0)) (global.get $pNegZ))))
          (local.set $p (v128.bitselect
            (v128.bitselect (global.get $pOvfN) (global.get $pOvfP) (i64x2.ne (local.get $sg) (v128.const i64x2 0 0)))
            (v128.or (local.get $v) (local.get $sg))
            (f64x2.gt (local.get $v) (global.get $pMaxF))))))
        (local.set $s (f64x2.add (local.get $acc2) (local.get $p)))
        (local.set $bv (f64x2.sub (local.get $s) (local.get $acc2)))
        (local.set $e (f64x2.add (f64x2.sub (local.get $acc2) (f64x2.sub (local.get $s) (local.get $bv))) (f64x2.sub (local.get $p) (local.get $bv))))
        (local.set $sg (v128.and (local.get $s) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
        (local.set $as (f64x2.abs (local.get $s)))
        (local.set $top (f64x2.max (local.get $top) (local.get $as)))
        ;; round to odd at 53 bits (an even s steps one unit toward the exact sum), then nearest even at the
        ;; quantum by adding and subtracting C = 2^(E + 52 - m) (below 2^emin: 2^(qSub + 52))
        (local.set $as (i64x2.add (local.get $as)
          (v128.and
            (v128.and (i64x2.eq (v128.and (local.get $as) (v128.const i64x2 1 1)) (v128.const i64x2 0 0)) (f64x2.ne (local.get $e) (v128.const i64x2 0 0)))
            (v128.or (i64x2.shr_s (v128.xor (local.get $e) (local.get $sg)) (i32.const 63)) (v128.const i64x2 1 1)))))
        (local.set $C (v128.bitselect (global.get $aT) (i64x2.add (v128.and (local.get $as) (v128.const i64x2 0x7ff0000000000000 0x7ff0000000000000)) (global.get $aKM))
          (f64x2.lt (local.get $as) (global.get $aMinN))))
        (local.set $v (f64x2.sub (f64x2.add (local.get $as) (local.get $C)) (local.get $C)))
        (local.set $sg (v128.andnot (local.get $sg) (v128.andnot (f64x2.eq (local.get $v) (v128.const i64x2 0 0)) (global.get $aNegZ))))
        (local.set $acc2 (v128.bitselect
          (v128.bitselect (global.get $aOvfN) (global.get $aOvfP) (i64x2.ne (local.get $sg) (v128.const i64x2 0 0)))
          (v128.or (local.get $v) (local.get $sg))
          (v128.or (f64x2.gt (local.get $v) (global.get $aMaxF)) (f64x2.eq (f64x2.abs (local.get $s)) (v128.const f64x2 inf inf)))))
        (local.set $p (f64x2.mul (local.get $a) (v128.load offset=48 (local.get $b))))
        (if (i32.eqz (local.get $exact)) (then
          (local.set $sg (v128.and (local.get $p) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
          (local.set $as (f64x2.abs (local.get $p)))
          (local.set $C (v128.bitselect (global.get $pT) (i64x2.add (v128.and (local.get $as) (v128.const i64x2 0x7ff0000000000000 0x7ff0000000000000)) (global.get $pKM))
            (f64x2.lt (local.get $as) (global.get $pMinN))))
          (local.set $v (f64x2.sub (f64x2.add (local.get $as) (local.get $C)) (local.get $C)))
          (local.set $sg (v128.andnot (local.get $sg) (v128.andnot (f64x2.eq (local.get $v) (v128.const i64x2 0 0)) (global.get $pNegZ))))
          (local.set $p (v128.bitselect
            (v128.bitselect (global.get $pOvfN) (global.get $pOvfP) (i64x2.ne (local.get $sg) (v128.const i64x2 0 0)))
            (v128.or (local.get $v) (local.get $sg))
            (f64x2.gt (local.get $v) (global.get $pMaxF))))))
        (local.set $s (f64x2.add (local.get $acc3) (local.get $p)))
        (local.set $bv (f64x2.sub (local.get $s) (local.get $acc3)))
        (local.set $e (f64x2.add (f64x2.sub (local.get $acc3) (f64x2.sub (local.get $s) (local.get $bv))) (f64x2.sub (local.get $p) (local.get $bv))))
        (local.set $sg (v128.and (local.get $s) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
        (local.set $as (f64x2.abs (local.get $s)))
        (local.set $top (f64x2.max (local.get $top) (local.get $as)))
        ;; round to odd at 53 bits (an even s steps one unit toward the exact sum), then nearest even at the
        ;; quantum by adding and subtracting C = 2^(E + 52 - m) (below 2^emin: 2^(qSub + 52))
        (local.set $as (i64x2.add (local.get $as)
          (v128.and
            (v128.and (i64x2.eq (v128.and (local.get $as) (v128.const i64x2 1 1)) (v128.const i64x2 0 0)) (f64x2.ne (local.get $e) (v128.const i64x2 0 0)))
            (v128.or (i64x2.shr_s (v128.xor (local.get $e) (local.get $sg)) (i32.const 63)) (v128.const i64x2 1 1)))))
        (local.set $C (v128.bitselect (global.get $aT) (i64x2.add (v128.and (local.get $as) (v128.const i64x2 0x7ff0000000000000 0x7ff0000000000000)) (global.get $aKM))
          (f64x2.lt (local.get $as) (global.get $aMinN))))
        (local.set $v (f64x2.sub (f64x2.add (local.get $as) (local.get $C)) (local.get $C)))
        (local.set $sg (v128.andnot (local.get $sg) (v128.andnot (f64x2.eq (local.get $v) (v128.const i64x2 0 0)) (global.get $aNegZ))))
        (local.set $acc3 (v128.bitselect
          (v128.bitselect (global.get $aOvfN) (global.get $aOvfP) (i64x2.ne (local.get $sg) (v128.const i64x2 0 0)))
          (v128.or (local.get $v) (local.get $sg))
          (v128.or (f64x2.gt (local.get $v) (global.get $aMaxF)) (f64x2.eq (f64x2.abs (local.get $s)) (v128.const f64x2 inf inf)))))
        (local.set $b (i32.add (local.get $b) (local.get $np8)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $k) (local.get $K)))))
    (global.set $bad (v128.or (global.get $bad) (v128.not (f64x2.le (local.get $top) (v128.const f64x2 0x1.fffffffffffffp+1023 0x1.fffffffffffffp+1023)))))
    (v128.store (local.get $cp) (local.get $acc0))
    (v128.store offset=16 (local.get $cp) (local.get $acc1))
    (v128.store offset=32 (local.get $cp) (local.get $acc2))
    (v128.store offset=48 (local.get $cp) (local.get $acc3)))
)
