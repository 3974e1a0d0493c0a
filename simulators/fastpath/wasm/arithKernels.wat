;; lowbit's WebAssembly SIMD kernel for arithArray: correctly rounded add, sub, mul, div, sqrt and fma, round to
;; nearest even, into a float format with 2 <= p <= 24 (not ftz) whose values lie within 2^+-500; 2 float64 lanes.
;; Source of simulators/fastpath/wasm/arithKernelsBytes.ts (regenerate: node bin/run-ts.js scripts/buildWasm.ts).
;;
;; Memory: operands A, B, C (f64) at 0, 32768, 65536; results at 98304; one flag byte per element at 131072
;; (x = 1, u = 2, o = 4); indices of the elements the kernel cannot decide at 135168 (i32). At most 4096 elements
;; per call (n even).
;;
;; Why it is exact (simulators/fastpath/arithFast.ts says the same for the JS path): the operation is done once in
;; float64, s = fl(v), and the sign of the error v - s is known exactly where it matters: 0 for mul (2p <= 53),
;; TwoSum for add/sub/fma (Knuth), a - s*b for div and a - s*s for sqrt, both exact when s has at most p + 1
;; significant bits. Every rounding boundary of the format (grid points, midpoints, and those of tininess after
;; rounding) is a double with at most p + 1 significant bits; when s is not one, v rounds like s. When it is one,
;; s is moved by 2^-26 units of the quantum toward v (r' = r +- 2^-26, exact since r < 2^24), which rounds like v.
;; Elements with an operand outside the format (NaN, inf, not a value), a zero divisor or a negative root are
;; listed for the caller's exact path.
(module
  (memory (export "memory") 3)
  (global $maskLow (mut v128) (v128.const i64x2 0 0))
  (global $maxF (mut v128) (v128.const i64x2 0 0))
  (global $minN (mut v128) (v128.const i64x2 0 0))
  (global $invSub (mut v128) (v128.const i64x2 0 0))
  (global $subOn (mut v128) (v128.const i64x2 0 0))
  (global $negZ (mut v128) (v128.const i64x2 0 0))
  (global $ovfP (mut v128) (v128.const i64x2 0 0))
  (global $ovfN (mut v128) (v128.const i64x2 0 0))
  (global $biasM (mut v128) (v128.const i64x2 0 0))
  (global $qSub (mut v128) (v128.const i64x2 0 0))
  (global $beMin (mut v128) (v128.const i64x2 0 0))
  (global $beTiny (mut v128) (v128.const i64x2 0 0))
  (global $ct (mut v128) (v128.const i64x2 0 0))
  (global $top (mut v128) (v128.const i64x2 0 0))

  ;; Format constants: m stored mantissa bits, qSub the quantum exponent below 2^emin, emin, the largest finite
  ;; value, 2^emin, 2^-qSub, subnormals on (1/0), -0 a value (1/0), and the values a finite overflow becomes.
  (func (export "setup")
    (param $m i32) (param $qSub i32) (param $emin i32) (param $maxF f64) (param $minN f64) (param $invSub f64)
    (param $subOn i32) (param $negZ i32) (param $ovfP f64) (param $ovfN f64)
    (global.set $maskLow (i64x2.splat (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.sub (i32.const 52) (local.get $m)))) (i64.const 1))))
    (global.set $maxF (f64x2.splat (local.get $maxF)))
    (global.set $minN (f64x2.splat (local.get $minN)))
    (global.set $invSub (f64x2.splat (local.get $invSub)))
    (global.set $subOn (i64x2.splat (i64.extend_i32_s (i32.sub (i32.const 0) (local.get $subOn)))))
    (global.set $negZ (i64x2.splat (i64.extend_i32_s (i32.sub (i32.const 0) (local.get $negZ)))))
    (global.set $ovfP (f64x2.splat (local.get $ovfP)))
    (global.set $ovfN (f64x2.splat (local.get $ovfN)))
    (global.set $biasM (i64x2.splat (i64.extend_i32_s (i32.add (i32.const 1023) (local.get $m)))))
    (global.set $qSub (i64x2.splat (i64.extend_i32_s (local.get $qSub))))
    (global.set $beMin (i64x2.splat (i64.extend_i32_s (i32.add (i32.const 1023) (local.get $emin)))))
    (global.set $beTiny (i64x2.splat (i64.extend_i32_s (i32.add (i32.const 1022) (local.get $emin)))))
    ;; 2^(m + 1 - emin) and 2^(m + 1), built from their exponent fields
    (global.set $ct (i64x2.splat (i64.shl (i64.extend_i32_s (i32.sub (i32.add (i32.const 1024) (local.get $m)) (local.get $emin))) (i64.const 52))))
    (global.set $top (i64x2.splat (i64.shl (i64.extend_i32_s (i32.add (i32.const 1024) (local.get $m))) (i64.const 52)))))

  ;; Inlined below (V8 does not inline these calls): member(x) = all-ones lanes where x is a value of the format
  ;; (finite, on the grid, -0 only where the format has it); nudged(r, e) = r moved by 2^-26 toward the exact value
  ;; where 2r is an integer (a boundary) and e (xor the result's sign) is nonzero.
  ;; op: 0 add, 1 sub, 2 mul, 3 div, 4 sqrt, 5 fma. Returns how many indices it listed.
  (func (export "arith") (param $n i32) (param $op i32) (param $wantFlags i32) (result i32)
    (local $i i32) (local $off i32) (local $nbad i32)
    (local $a v128) (local $b v128) (local $c v128) (local $s v128) (local $e v128) (local $bad v128) (local $bv v128)
    (local $as v128) (local $be v128) (local $qv v128) (local $r2 v128) (local $R v128) (local $v v128) (local $ovf v128)
    (local $sg v128) (local $res v128) (local $fl v128) (local $rt v128) (local $ax v128) (local $k v128) (local $r v128) (local $t v128)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (local.set $off (i32.shl (local.get $i) (i32.const 3)))
        (local.set $a (v128.load (local.get $off)))
        (local.set $b (v128.load offset=32768 (local.get $off)))
        (local.set $bad (v128.not (block (result v128)
          (local.set $ax (f64x2.abs (local.get $a)))
          (local.set $k (f64x2.mul (local.get $ax) (global.get $invSub)))
          (v128.and
            (f64x2.le (local.get $ax) (global.get $maxF))
            (v128.bitselect
              (i64x2.eq (v128.and (local.get $a) (global.get $maskLow)) (v128.const i64x2 0 0))
              (v128.bitselect
                (v128.or (global.get $negZ) (i64x2.ge_s (local.get $a) (v128.const i64x2 0 0)))
                (v128.and (f64x2.eq (local.get $k) (f64x2.nearest (local.get $k))) (global.get $subOn))
                (f64x2.eq (local.get $ax) (v128.const i64x2 0 0)))
              (f64x2.ge (local.get $ax) (global.get $minN)))))))
        (if (i32.ne (local.get $op) (i32.const 4))
          (then (local.set $bad (v128.or (local.get $bad) (v128.not (block (result v128)
          (local.set $ax (f64x2.abs (local.get $b)))
          (local.set $k (f64x2.mul (local.get $ax) (global.get $invSub)))
          (v128.and
            (f64x2.le (local.get $ax) (global.get $maxF))
            (v128.bitselect
              (i64x2.eq (v128.and (local.get $b) (global.get $maskLow)) (v128.const i64x2 0 0))
              (v128.bitselect
                (v128.or (global.get $negZ) (i64x2.ge_s (local.get $b) (v128.const i64x2 0 0)))
                (v128.and (f64x2.eq (local.get $k) (f64x2.nearest (local.get $k))) (global.get $subOn))
                (f64x2.eq (local.get $ax) (v128.const i64x2 0 0)))
              (f64x2.ge (local.get $ax) (global.get $minN))))))))))
        (if (i32.eq (local.get $op) (i32.const 1)) (then (local.set $b (f64x2.neg (local.get $b)))))
        (if (i32.le_u (local.get $op) (i32.const 1))
          (then
            ;; TwoSum: s + e = a + b exactly
            (local.set $s (f64x2.add (local.get $a) (local.get $b)))
            (local.set $bv (f64x2.sub (local.get $s) (local.get $a)))
            (local.set $e (f64x2.add (f64x2.sub (local.get $a) (f64x2.sub (local.get $s) (local.get $bv)))
                                     (f64x2.sub (local.get $b) (local.get $bv))))
            (local.set $e (v128.xor (local.get $e) (v128.and (local.get $s) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))))
        (if (i32.eq (local.get $op) (i32.const 2))
          (then
            (local.set $s (f64x2.mul (local.get $a) (local.get $b)))
            (local.set $e (v128.const i64x2 0 0))))
        (if (i32.eq (local.get $op) (i32.const 3))
          (then
            (local.set $s (f64x2.div (local.get $a) (local.get $b)))
            (local.set $e (f64x2.sub (local.get $a) (f64x2.mul (local.get $s) (local.get $b))))
            (local.set $e (v128.xor (local.get $e) (v128.and (local.get $a) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))
            (local.set $bad (v128.or (local.get $bad) (f64x2.eq (local.get $b) (v128.const i64x2 0 0))))))
        (if (i32.eq (local.get $op) (i32.const 4))
          (then
            (local.set $s (f64x2.sqrt (local.get $a)))
            (local.set $e (f64x2.sub (local.get $a) (f64x2.mul (local.get $s) (local.get $s))))
            (local.set $bad (v128.or (local.get $bad) (f64x2.lt (local.get $a) (v128.const i64x2 0 0))))))
        (if (i32.eq (local.get $op) (i32.const 5))
          (then
            (local.set $c (v128.load offset=65536 (local.get $off)))
            (local.set $bad (v128.or (local.get $bad) (v128.not (block (result v128)
          (local.set $ax (f64x2.abs (local.get $c)))
          (local.set $k (f64x2.mul (local.get $ax) (global.get $invSub)))
          (v128.and
            (f64x2.le (local.get $ax) (global.get $maxF))
            (v128.bitselect
              (i64x2.eq (v128.and (local.get $c) (global.get $maskLow)) (v128.const i64x2 0 0))
              (v128.bitselect
                (v128.or (global.get $negZ) (i64x2.ge_s (local.get $c) (v128.const i64x2 0 0)))
                (v128.and (f64x2.eq (local.get $k) (f64x2.nearest (local.get $k))) (global.get $subOn))
                (f64x2.eq (local.get $ax) (v128.const i64x2 0 0)))
              (f64x2.ge (local.get $ax) (global.get $minN))))))))
            (local.set $a (f64x2.mul (local.get $a) (local.get $b)))
            (local.set $s (f64x2.add (local.get $a) (local.get $c)))
            (local.set $bv (f64x2.sub (local.get $s) (local.get $a)))
            (local.set $e (f64x2.add (f64x2.sub (local.get $a) (f64x2.sub (local.get $s) (local.get $bv)))
                                     (f64x2.sub (local.get $c) (local.get $bv))))
            (local.set $e (v128.xor (local.get $e) (v128.and (local.get $s) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))))
        ;; round |s| at its quantum 2^q (q = E - m, or qSub below 2^emin) by scaling (exact) and f64x2.nearest
        (local.set $sg (v128.and (local.get $s) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
        (local.set $as (f64x2.abs (local.get $s)))
        (local.set $be (i64x2.shr_u (local.get $as) (i32.const 52)))
        (local.set $qv (i64x2.sub (local.get $be) (global.get $biasM)))
        (local.set $qv (v128.bitselect (global.get $qSub) (local.get $qv) (i64x2.lt_s (local.get $be) (global.get $beMin))))
        (local.set $r (f64x2.mul (local.get $as) (i64x2.shl (i64x2.sub (v128.const i64x2 1023 1023) (local.get $qv)) (i32.const 52))))
        (local.set $r2 (block (result v128)
          (local.set $r (local.get $r))
          (local.set $t (f64x2.add (local.get $r) (local.get $r)))
          (f64x2.add (local.get $r)
            (v128.and
              (v128.and (f64x2.eq (local.get $t) (f64x2.nearest (local.get $t))) (f64x2.ne (local.get $e) (v128.const i64x2 0 0)))
              (v128.or (v128.const f64x2 0x1p-26 0x1p-26) (v128.and (local.get $e) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))))))
        (local.set $R (f64x2.nearest (local.get $r2)))
        (local.set $v (f64x2.mul (local.get $R) (i64x2.shl (i64x2.add (local.get $qv) (v128.const i64x2 1023 1023)) (i32.const 52))))
        (local.set $ovf (f64x2.gt (local.get $v) (global.get $maxF)))
        ;; the sign comes back, except on a zero of a format without -0
        (local.set $sg (v128.andnot (local.get $sg) (v128.andnot (f64x2.eq (local.get $v) (v128.const i64x2 0 0)) (global.get $negZ))))
        (local.set $res (v128.bitselect
          (v128.bitselect (global.get $ovfN) (global.get $ovfP) (i64x2.ne (local.get $sg) (v128.const i64x2 0 0)))
          (v128.or (local.get $v) (local.get $sg))
          (local.get $ovf)))
        ;; s infinite or NaN (not reached from values of the format, kept as a guard)
        (local.set $bad (v128.or (local.get $bad) (f64x2.ne (f64x2.sub (local.get $s) (local.get $s)) (v128.const i64x2 0 0))))
        (v128.store offset=98304 (local.get $off) (local.get $res))
        (if (local.get $wantFlags)
          (then
            ;; x: the rounding moved; o: overflow (with x); u: below 2^emin, inexact, and tiny after rounding to
            ;; p bits with an unbounded exponent (only the binade just below 2^emin can round up to 2^emin)
            (local.set $fl (f64x2.ne (local.get $R) (local.get $r2)))
            (local.set $rt (f64x2.mul (local.get $as) (global.get $ct)))
            (local.set $rt (f64x2.nearest (block (result v128)
          (local.set $r (local.get $rt))
          (local.set $t (f64x2.add (local.get $r) (local.get $r)))
          (f64x2.add (local.get $r)
            (v128.and
              (v128.and (f64x2.eq (local.get $t) (f64x2.nearest (local.get $t))) (f64x2.ne (local.get $e) (v128.const i64x2 0 0)))
              (v128.or (v128.const f64x2 0x1p-26 0x1p-26) (v128.and (local.get $e) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))))))
            (local.set $fl (v128.or
              (v128.or
                (v128.and (local.get $fl) (v128.const i64x2 1 1))
                (v128.and (local.get $ovf) (v128.const i64x2 5 5)))
              (v128.and
                (v128.and (local.get $fl) (f64x2.lt (local.get $as) (global.get $minN)))
                (v128.andnot (v128.const i64x2 2 2)
                  (v128.and (i64x2.eq (local.get $be) (global.get $beTiny)) (f64x2.ge (local.get $rt) (global.get $top)))))))
            (i32.store8 offset=131072 (local.get $i) (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $fl))))
            (i32.store8 offset=131073 (local.get $i) (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $fl))))))
        (if (v128.any_true (local.get $bad))
          (then
            (if (i64.ne (i64x2.extract_lane 0 (local.get $bad)) (i64.const 0))
              (then
                (i32.store offset=135168 (i32.shl (local.get $nbad) (i32.const 2)) (local.get $i))
                (local.set $nbad (i32.add (local.get $nbad) (i32.const 1)))))
            (if (i64.ne (i64x2.extract_lane 1 (local.get $bad)) (i64.const 0))
              (then
                (i32.store offset=135168 (i32.shl (local.get $nbad) (i32.const 2)) (i32.add (local.get $i) (i32.const 1)))
                (local.set $nbad (i32.add (local.get $nbad) (i32.const 1)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n)))))
    (local.get $nbad))
)
