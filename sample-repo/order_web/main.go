// order_web 订单的 HTTP 入口（Gin），后面是 order_srv。
package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net/http"
	_ "net/http/pprof" // 在 http.DefaultServeMux 上注册 /debug/pprof/*
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"

	"mxshop_srvs/order_web/initialize"
	"mxshop_srvs/order_web/router"
)

func main() {
	addr := flag.String("addr", ":8022", "HTTP 监听地址")
	pprofAddr := flag.String("pprof", "127.0.0.1:6060", "pprof 监听地址，只绑定本机")
	consulHost := flag.String("consul-host", "127.0.0.1", "Consul 地址")
	consulPort := flag.Int("consul-port", 8500, "Consul 端口")
	flag.Parse()

	if err := initialize.InitSrvConn(*consulHost, *consulPort, "order_srv"); err != nil {
		slog.Error("启动失败", "err", err)
		os.Exit(1)
	}

	// pprof 用单独的端口和默认 ServeMux，不暴露到业务端口上。排查内存泄漏：
	//   go tool pprof -sample_index=inuse_space http://127.0.0.1:6060/debug/pprof/heap
	// inuse_* 是当前仍存活的对象（看泄漏）；alloc_* 是启动以来的累计分配（看分配压力）。
	go func() {
		if err := http.ListenAndServe(*pprofAddr, nil); err != nil {
			slog.Warn("pprof 服务退出", "err", err)
		}
	}()

	engine := gin.New()
	engine.Use(gin.Logger(), gin.Recovery())
	router.InitOrderRouter(engine.Group("/o/v1"))

	srv := &http.Server{Addr: *addr, Handler: engine, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Error("HTTP 服务退出", "err", err)
			os.Exit(1)
		}
	}()

	quit := make(chan os.Signal, 1)
	signal.Notify(quit, syscall.SIGINT, syscall.SIGTERM)
	<-quit
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		slog.Warn("HTTP 服务关闭超时", "err", err)
	}
}
