// SPDX-License-Identifier: GPL-3.0-or-later
// GSL's LU (gsl_linalg_LU_decomp) on a matrix written by `policysim kernels --write DIR`: best of
// REPS decompositions and one solve. Build and run: see bench/lu/run.sh.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_blas.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(int argc,char**argv){
  const char*dir=argv[1]; int reps=argc>2?atoi(argv[2]):7;
  char p[512]; snprintf(p,512,"%s/rhs.f64",dir); FILE*f=fopen(p,"rb"); fseek(f,0,SEEK_END); size_t n=ftell(f)/8; fclose(f);
  snprintf(p,512,"%s/matrix.f64",dir); f=fopen(p,"rb"); double*a=malloc(n*n*8); fread(a,8,n*n,f); fclose(f);
  gsl_matrix*m=gsl_matrix_alloc(n,n); gsl_permutation*pm=gsl_permutation_alloc(n); int s;
  gsl_vector*b=gsl_vector_alloc(n),*x=gsl_vector_alloc(n); gsl_vector_set_all(b,1);
  double best=1e9,bs=1e9;
  for(int r=0;r<reps;r++){double t=now(); memcpy(m->data,a,n*n*8); gsl_linalg_LU_decomp(m,pm,&s); double t2=now(); gsl_linalg_LU_solve(m,pm,b,x); double t3=now();
    if(t2-t<best)best=t2-t; if(t3-t2<bs)bs=t3-t2;}
  printf("n=%zu decomp %.4f s solve %.5f s  GFLOP/s %.1f\n",n,best,bs,2.0/3*n*n*n/best/1e9);
}
