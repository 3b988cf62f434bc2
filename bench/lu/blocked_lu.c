// SPDX-License-Identifier: GPL-3.0-or-later
// A right-looking blocked LU with partial pivoting over BLIS's dtrsm and dgemm (unblocked panels),
// tried against GSL's recursive LU at n = 558: best of 9, for block size NB and THREADS BLIS threads.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>
#include <cblas.h>
void bli_thread_set_num_threads(long);
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
/* row-major n x n, lda=n. unblocked panel on columns [k,k+nb) over rows [k,n) */
static void swaprows(double*a,int n,int i,int j){ if(i==j)return; for(int c=0;c<n;c++){double t=a[(long)i*n+c];a[(long)i*n+c]=a[(long)j*n+c];a[(long)j*n+c]=t;} }
static void panel(double*a,int n,int k,int nb,int*piv){
  for(int j=k;j<k+nb;j++){
    int p=j; double best=fabs(a[(long)j*n+j]);
    for(int i=j+1;i<n;i++){double v=fabs(a[(long)i*n+j]); if(v>best){best=v;p=i;}}
    piv[j]=p; swaprows(a,n,j,p);
    double inv=1.0/a[(long)j*n+j];
    for(int i=j+1;i<n;i++){ double*r=a+(long)i*n; double f=(r[j]*=inv); const double*u=a+(long)j*n; for(int c=j+1;c<k+nb;c++) r[c]-=f*u[c]; }
  }
}
static void lu(double*a,int n,int*piv,int nb){
  for(int k=0;k<n;k+=nb){int b=nb<n-k?nb:n-k;
    panel(a,n,k,b,piv);
    int rest=n-k-b; if(rest<=0)break;
    /* U12 = L11^-1 A12 */
    cblas_dtrsm(CblasRowMajor,CblasLeft,CblasLower,CblasNoTrans,CblasUnit,b,rest,1.0,a+(long)k*n+k,n,a+(long)k*n+k+b,n);
    /* A22 -= L21 U12 */
    cblas_dgemm(CblasRowMajor,CblasNoTrans,CblasNoTrans,rest,rest,b,-1.0,a+(long)(k+b)*n+k,n,a+(long)k*n+k+b,n,1.0,a+(long)(k+b)*n+k+b,n);
  }
}
int main(int argc,char**argv){const char*dir=argv[1]; int nb=atoi(argv[2]); int th=atoi(argv[3]);
  char p[512]; snprintf(p,512,"%s/rhs.f64",dir); FILE*f=fopen(p,"rb"); fseek(f,0,SEEK_END); int n=ftell(f)/8; fclose(f);
  snprintf(p,512,"%s/matrix.f64",dir); f=fopen(p,"rb"); double*a=malloc((long)n*n*8); fread(a,8,(long)n*n,f); fclose(f);
  double*w=malloc((long)n*n*8); int*piv=malloc(4*n); bli_thread_set_num_threads(th);
  double best=1e9; for(int r=0;r<9;r++){memcpy(w,a,(long)n*n*8); double t=now(); lu(w,n,piv,nb); double d=now()-t; if(d<best)best=d;}
  printf("n=%d nb=%d threads=%d best %.5f s\n",n,nb,th,best);
}
